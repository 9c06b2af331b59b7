package dev.aisle.storage;

import dev.aisle.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The events table, the source of truth of every interaction. An event is stored once per
 * ({@code userId}, {@code eventId}): sending it again is reported as a duplicate and changes
 * nothing. Rows also carry {@code acceptedAt} (epoch millis when the api stored them) and, while
 * Kafka has not acknowledged them, {@code unpublished} (the outbox shard; see
 * {@link TableDefinitions#UNPUBLISHED_EVENTS_INDEX}).
 *
 * <p>Two ways to tell new events from duplicates, same outcome:
 * <ul>
 *   <li>{@link Deduplication#CONDITIONAL_PUT}: one {@code PutItem} per event with
 *       {@code attribute_not_exists}, in parallel. Exact under any concurrency (two requests racing
 *       with the same event: one stores it, the other sees a duplicate). The choice for DynamoDB.
 *   <li>{@link Deduplication#READ_BEFORE_WRITE}: a consistent {@code BatchGetItem} of all keys, then
 *       {@code BatchWriteItem} of the missing ones: 25 times fewer requests, for servers where a
 *       request costs more than an item (dynalite). Two requests racing with the same new event both
 *       report it as accepted; it is still stored once (same key).
 * </ul>
 */
public final class EventStore implements AutoCloseable {

  public enum Deduplication { CONDITIONAL_PUT, READ_BEFORE_WRITE }

  /** Shards of the outbox index, so that a Kafka outage does not concentrate writes on one key. */
  public static final int OUTBOX_SHARDS = 8;
  static final String ACCEPTED_AT = "acceptedAt";
  private static final int MAX_BATCH_GET = 100;
  private static final String NOT_STORED = "attribute_not_exists(" + TableDefinitions.EVENT_ID + ")";

  /** An event stored by an earlier request, with what its row says about publication. */
  public record Duplicate(Event event, Instant acceptedAt, boolean unpublished) {}

  /**
   * What {@link #putNew} did: {@code stored} are new rows; {@code earlier} were already stored;
   * {@code repeated} counts events that appeared more than once in the same batch.
   */
  public record StoreResult(List<Event> stored, List<Duplicate> earlier, int repeated) {

    public int duplicates() {
      return earlier.size() + repeated;
    }
  }

  /** An event waiting in the outbox, with its stored row (re-put without the marker once relayed). */
  public record Pending(Event event, Map<String, AttributeValue> row) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final Deduplication deduplication;
  private final Duration retention;
  private final ExecutorService pool;

  /**
   * @param parallelism concurrent DynamoDB requests per batch (and in total: the pool is shared)
   * @param retention how long after its timestamp an event expires (TTL); null keeps events forever
   */
  public EventStore(DynamoDbClient dynamo, String table, Deduplication deduplication, int parallelism,
      Duration retention) {
    this.dynamo = dynamo;
    this.table = table;
    this.deduplication = deduplication;
    this.retention = retention;
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "event-store-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Stores the events not stored yet. With {@code unpublished} the new rows go straight into the
   * outbox (used while Kafka is known to be down).
   */
  public StoreResult putNew(List<Event> events, Instant acceptedAt, boolean unpublished) {
    Map<Key, Event> unique = new LinkedHashMap<>();
    events.forEach(e -> unique.putIfAbsent(Key.of(e), e));
    Map<Key, Map<String, AttributeValue>> existing = deduplication == Deduplication.CONDITIONAL_PUT
        ? putIfAbsent(unique.values(), acceptedAt, unpublished)
        : writeMissing(unique, acceptedAt, unpublished);
    List<Event> stored = new ArrayList<>();
    List<Duplicate> earlier = new ArrayList<>();
    unique.forEach((key, event) -> {
      Map<String, AttributeValue> row = existing.get(key);
      if (row == null) {
        stored.add(event);
      } else {
        AttributeValue accepted = row.get(ACCEPTED_AT);
        earlier.add(new Duplicate(event, accepted == null ? null : Instant.ofEpochMilli(Long.parseLong(accepted.n())),
            row.containsKey(TableDefinitions.UNPUBLISHED)));
      }
    });
    return new StoreResult(stored, earlier, events.size() - unique.size());
  }

  /** Puts stored events Kafka did not acknowledge into the outbox (rows gone meanwhile stay gone). */
  public void markUnpublished(List<Event> events) {
    List<CompletableFuture<Void>> updates = new ArrayList<>();
    for (Event event : events) {
      updates.add(async(() -> {
        try {
          dynamo.updateItem(b -> b.tableName(table).key(Key.of(event).attributes())
              .updateExpression("SET #p = :shard")
              .conditionExpression("attribute_exists(#e)")
              .expressionAttributeNames(Map.of("#p", TableDefinitions.UNPUBLISHED, "#e", TableDefinitions.EVENT_ID))
              .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(Integer.toString(shard(event))))));
        } catch (ConditionalCheckFailedException expired) {
          // removed by TTL since it was stored: nothing left to publish
        }
        return null;
      }));
    }
    join(updates);
  }

  /** Up to {@code limit} events of one outbox shard, oldest first. */
  public List<Pending> pending(int shard, int limit) {
    return dynamo.query(b -> b.tableName(table).indexName(TableDefinitions.UNPUBLISHED_EVENTS_INDEX)
            .keyConditionExpression("#s = :s")
            .expressionAttributeNames(Map.of("#s", TableDefinitions.UNPUBLISHED))
            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(Integer.toString(shard))))
            .limit(limit))
        .items().stream().map(row -> new Pending(EventRecords.fromItem(row), row)).toList();
  }

  /** Takes relayed events out of the outbox. */
  public void clearPending(List<Pending> relayed) {
    putRows(relayed.stream().map(p -> {
      Map<String, AttributeValue> row = new HashMap<>(p.row());
      row.remove(TableDefinitions.UNPUBLISHED);
      return row;
    }).toList());
  }

  /** Every stored event (a paginated scan: for tests, exports and small tables). */
  public Stream<Event> scan() {
    return dynamo.scanPaginator(b -> b.tableName(table)).items().stream().map(EventRecords::fromItem);
  }

  @Override
  public void close() {
    pool.shutdown();
  }

  /** Conditional puts in parallel; returns the rows of the events that were already stored. */
  private Map<Key, Map<String, AttributeValue>> putIfAbsent(Iterable<Event> events, Instant acceptedAt,
      boolean unpublished) {
    List<CompletableFuture<Key>> puts = new ArrayList<>();
    for (Event event : events) {
      Map<String, AttributeValue> row = row(event, acceptedAt, unpublished);
      puts.add(async(() -> {
        try {
          dynamo.putItem(b -> b.tableName(table).item(row).conditionExpression(NOT_STORED));
          return null;
        } catch (ConditionalCheckFailedException duplicate) {
          return Key.of(event);
        }
      }));
    }
    Set<Key> refused = new HashSet<>(join(puts));
    refused.remove(null);
    Map<Key, Map<String, AttributeValue>> existing = new HashMap<>(read(refused));
    refused.forEach(key -> existing.putIfAbsent(key, Map.of()));
    return existing;
  }

  /** One consistent read of every key, then batch writes of the missing events; returns the rows read. */
  private Map<Key, Map<String, AttributeValue>> writeMissing(Map<Key, Event> unique, Instant acceptedAt,
      boolean unpublished) {
    Map<Key, Map<String, AttributeValue>> existing = read(unique.keySet());
    putRows(unique.entrySet().stream().filter(e -> !existing.containsKey(e.getKey()))
        .map(e -> row(e.getValue(), acceptedAt, unpublished)).toList());
    return existing;
  }

  /** Keys, acceptance time and outbox marker of the stored rows among {@code keys} (consistent reads). */
  private Map<Key, Map<String, AttributeValue>> read(Set<Key> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<Key> all = List.copyOf(keys);
    List<CompletableFuture<List<Map<String, AttributeValue>>>> gets = new ArrayList<>();
    for (int start = 0; start < all.size(); start += MAX_BATCH_GET) {
      List<Key> chunk = all.subList(start, Math.min(all.size(), start + MAX_BATCH_GET));
      gets.add(async(() -> batchGet(chunk)));
    }
    Map<Key, Map<String, AttributeValue>> found = new HashMap<>();
    join(gets).forEach(rows -> rows.forEach(row -> found.put(Key.of(row), row)));
    return found;
  }

  private List<Map<String, AttributeValue>> batchGet(List<Key> keys) {
    Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
        .keys(keys.stream().map(Key::attributes).toList())
        .consistentRead(true)
        .projectionExpression("#u, #e, #a, #p")
        .expressionAttributeNames(Map.of("#u", TableDefinitions.USER_ID, "#e", TableDefinitions.EVENT_ID,
            "#a", ACCEPTED_AT, "#p", TableDefinitions.UNPUBLISHED))
        .build());
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    while (!request.isEmpty()) {
      Map<String, KeysAndAttributes> pending = request;
      var response = dynamo.batchGetItem(b -> b.requestItems(pending));
      rows.addAll(response.responses().getOrDefault(table, List.of()));
      request = response.unprocessedKeys();
    }
    return rows;
  }

  private void putRows(List<Map<String, AttributeValue>> rows) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int start = 0; start < rows.size(); start += BatchWriter.MAX_BATCH) {
      List<Map<String, AttributeValue>> chunk = rows.subList(start, Math.min(rows.size(), start + BatchWriter.MAX_BATCH));
      writes.add(async(() -> {
        BatchWriter.putAll(dynamo, table, chunk);
        return null;
      }));
    }
    join(writes);
  }

  Map<String, AttributeValue> row(Event event, Instant acceptedAt, boolean unpublished) {
    long expiresAt = retention == null ? 0 : event.timestamp().plus(retention).getEpochSecond();
    Map<String, AttributeValue> row = EventRecords.toItem(event, expiresAt);
    row.put(ACCEPTED_AT, AttributeValue.fromN(Long.toString(acceptedAt.toEpochMilli())));
    row.put(TableDefinitions.ACCEPT_SHARD,
        AttributeValue.fromS(TableDefinitions.acceptShard(event.userId(), event.eventId())));
    if (unpublished) {
      row.put(TableDefinitions.UNPUBLISHED, AttributeValue.fromS(Integer.toString(shard(event))));
    }
    return row;
  }

  static int shard(Event event) {
    return Math.floorMod(event.userId().hashCode(), OUTBOX_SHARDS);
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, pool);
  }

  /** Waits for all; rethrows the first failure (after all have finished, so none is left running). */
  private static <T> List<T> join(List<CompletableFuture<T>> futures) {
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(t -> null).join();
    List<T> results = new ArrayList<>(futures.size());
    for (CompletableFuture<T> future : futures) {
      try {
        results.add(future.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    return results;
  }

  private record Key(String userId, String eventId) {

    static Key of(Event event) {
      return new Key(event.userId(), event.eventId());
    }

    static Key of(Map<String, AttributeValue> row) {
      return new Key(row.get(TableDefinitions.USER_ID).s(), row.get(TableDefinitions.EVENT_ID).s());
    }

    Map<String, AttributeValue> attributes() {
      return Map.of(TableDefinitions.USER_ID, AttributeValue.fromS(userId),
          TableDefinitions.EVENT_ID, AttributeValue.fromS(eventId));
    }
  }
}
