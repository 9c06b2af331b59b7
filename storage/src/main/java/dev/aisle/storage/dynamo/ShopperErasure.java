package dev.aisle.storage.dynamo;

import dev.aisle.parallel.DaemonThreads;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.Deadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Deletes everything stored about one shopper, store by store, and counts what it removed:
 *
 * <ul>
 *   <li>{@code events}: a Query on the events table's partition key (the shopper's own rows, keys
 *       only; never a scan), deleted with BatchWriteItem, 25 keys a request, several requests at
 *       once; queried again until a pass finds nothing (events stored meanwhile);
 *   <li>{@code userState} and {@code user}: one DeleteItem each (0 or 1);
 *   <li>{@code outbox}: the shopper's keys in entries Kafka has not acknowledged ({@link
 *       Outbox#forget});
 *   <li>{@code pairs}: their rows in the training snapshot ({@link SnapshotStore#erasePairs}), when
 *       a snapshot store is given.
 * </ul>
 *
 * Idempotent: a second run finds nothing and counts zeros.
 */
public final class ShopperErasure implements AutoCloseable {

  public static final String EVENTS = "events";
  public static final String USER_STATE = "userState";
  public static final String USER = "user";
  public static final String OUTBOX = "outbox";
  public static final String PAIRS = "pairs";
  private static final int QUERY_PASSES = 3;

  private final DynamoDbClient dynamo;
  private final AisleSettings settings;
  private final Outbox outbox;
  private final SnapshotStore snapshot;
  private final ExecutorService deleters;

  /**
   * @param snapshot the training snapshot, or null where there is none to erase from
   * @param parallelism BatchWriteItem requests in flight at once
   */
  public ShopperErasure(
      DynamoDbClient dynamo, AisleSettings settings, SnapshotStore snapshot, int parallelism) {
    this.dynamo = dynamo;
    this.settings = settings;
    this.outbox = new Outbox(dynamo, settings.outboxTable());
    this.snapshot = snapshot;
    this.deleters = DaemonThreads.fixedPool("aisle-erasure", parallelism);
  }

  /** Erases the shopper; the counts per store, in a fixed order. */
  public Map<String, Long> erase(String userId) {
    Map<String, Long> removed = new LinkedHashMap<>();
    removed.put(EVENTS, deleteEvents(userId));
    removed.put(USER_STATE, deleteRow(settings.userStateTable(), userId));
    removed.put(USER, deleteRow(settings.usersTable(), userId));
    removed.put(OUTBOX, outbox.forget(userId));
    removed.put(PAIRS, snapshot == null ? 0L : snapshot.erasePairs(userId));
    return removed;
  }

  /** Deletes these events rows (late events of an erased shopper); absent ones are no error. */
  public void deleteEvents(List<EventKey> keys) {
    BatchWriter.deleteAll(
        dynamo,
        settings.eventsTable(),
        keys.stream().map(EventKey::attributes).toList(),
        Deadline.none());
  }

  long deleteEvents(String userId) {
    long deleted = 0;
    for (int pass = 1; pass <= QUERY_PASSES; pass++) {
      long found = deletePass(userId);
      deleted += found;
      if (found == 0) {
        break;
      }
    }
    return deleted;
  }

  /** One Query over the shopper's partition, its pages deleted as they come. */
  private long deletePass(String userId) {
    var pages =
        dynamo.queryPaginator(
            b ->
                b.tableName(settings.eventsTable())
                    .keyConditionExpression("#u = :u")
                    .projectionExpression("#u, #e")
                    .expressionAttributeNames(
                        Map.of("#u", TableDefinitions.USER_ID, "#e", TableDefinitions.EVENT_ID))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                    .consistentRead(true));
    List<Future<?>> deletes = new ArrayList<>();
    List<Map<String, AttributeValue>> batch = new ArrayList<>(BatchWriter.MAX_BATCH);
    long found = 0;
    for (Map<String, AttributeValue> row : pages.items()) {
      batch.add(
          Map.of(
              TableDefinitions.USER_ID,
              row.get(TableDefinitions.USER_ID),
              TableDefinitions.EVENT_ID,
              row.get(TableDefinitions.EVENT_ID)));
      found++;
      if (batch.size() == BatchWriter.MAX_BATCH) {
        deletes.add(submit(batch));
        batch = new ArrayList<>(BatchWriter.MAX_BATCH);
      }
    }
    if (!batch.isEmpty()) {
      deletes.add(submit(batch));
    }
    for (Future<?> delete : deletes) {
      await(delete);
    }
    return found;
  }

  private Future<?> submit(List<Map<String, AttributeValue>> keys) {
    return deleters.submit(
        () -> BatchWriter.deleteAll(dynamo, settings.eventsTable(), keys, Deadline.none()));
  }

  private long deleteRow(String table, String userId) {
    var old =
        dynamo
            .deleteItem(
                b ->
                    b.tableName(table)
                        .key(Map.of(TableDefinitions.USER_ID, AttributeValue.fromS(userId)))
                        .returnValues(ReturnValue.ALL_OLD))
            .attributes();
    return old == null || old.isEmpty() ? 0 : 1;
  }

  private static void await(Future<?> future) {
    try {
      future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while erasing", e);
    }
  }

  @Override
  public void close() {
    deleters.shutdownNow();
  }
}
