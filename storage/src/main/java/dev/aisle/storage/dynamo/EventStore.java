package dev.aisle.storage.dynamo;

import dev.aisle.event.Event;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The events table, the source of truth of every interaction. An event is stored once per ({@code
 * userId}, {@code eventId}): sending it again is reported as a duplicate and changes nothing. Rows
 * also carry {@code acceptedAt} (epoch millis of the request that stored them), which tells the
 * {@link OutboxRelay} which events an {@link Outbox} entry's request stored itself.
 *
 * <p>Two ways to tell new events from duplicates, same outcome:
 *
 * <ul>
 *   <li>{@link Deduplication#CONDITIONAL_PUT}: one {@code PutItem} per event with {@code
 *       attribute_not_exists}, in parallel. Exact under any concurrency (two requests racing with
 *       the same event: one stores it, the other sees a duplicate). The choice for DynamoDB.
 *   <li>{@link Deduplication#READ_BEFORE_WRITE}: a consistent {@code BatchGetItem} of all keys,
 *       then {@code BatchWriteItem} of the missing ones: 25 times fewer requests, for servers where
 *       a request costs more than an item (dynalite). Two requests racing with the same new event
 *       both report it as accepted; it is stored once (same key, the later {@code acceptedAt}).
 * </ul>
 *
 * <p>The request-path methods take a {@link Deadline}: each DynamoDB call gets at most the time
 * left, and a method that runs out of it throws {@link StoreUnavailableException} (calls still in
 * flight end by their own capped timeouts).
 */
public final class EventStore implements AutoCloseable {

  public enum Deduplication {
    CONDITIONAL_PUT,
    READ_BEFORE_WRITE
  }

  static final String ACCEPTED_AT = TableDefinitions.ACCEPTED_AT;
  private static final String NOT_STORED =
      "attribute_not_exists(" + TableDefinitions.EVENT_ID + ")";

  /**
   * What {@link #putNew} did: {@code stored} are the new rows; {@code duplicates} counts the events
   * stored before and those that appeared more than once in the batch.
   */
  public record StoreResult(List<Event> stored, int duplicates) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final Deduplication deduplication;
  private final Duration retention;
  private final ExecutorService pool;

  /**
   * @param parallelism concurrent DynamoDB requests per batch (and in total: the pool is shared)
   * @param retention how long after its timestamp an event expires (TTL); null keeps events forever
   */
  public EventStore(
      DynamoDbClient dynamo,
      String table,
      Deduplication deduplication,
      int parallelism,
      Duration retention) {
    this.dynamo = dynamo;
    this.table = table;
    this.deduplication = deduplication;
    this.retention = retention;
    this.pool = DaemonThreads.fixedPool("event-store", parallelism);
  }

  public StoreResult putNew(List<Event> events, Instant acceptedAt) {
    return putNew(events, acceptedAt, Deadline.none());
  }

  /** Stores the events not stored yet, all with {@code acceptedAt}. */
  public StoreResult putNew(List<Event> events, Instant acceptedAt, Deadline deadline) {
    Map<EventKey, Event> unique = new LinkedHashMap<>();
    events.forEach(e -> unique.putIfAbsent(EventKey.of(e), e));
    Set<EventKey> existing =
        deduplication == Deduplication.CONDITIONAL_PUT
            ? putIfAbsent(unique.values(), acceptedAt, deadline)
            : writeMissing(unique, acceptedAt, deadline);
    List<Event> stored =
        unique.entrySet().stream()
            .filter(e -> !existing.contains(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    return new StoreResult(stored, events.size() - stored.size());
  }

  /**
   * The stored events among {@code keys} whose row carries {@code acceptedAt}: those the request
   * accepted at that time stored itself (not the duplicates it met). Consistent reads.
   */
  public List<Event> acceptedAt(Collection<EventKey> keys, Instant acceptedAt, Deadline deadline) {
    String millis = Long.toString(acceptedAt.toEpochMilli());
    return read(keys, true, deadline).stream()
        .filter(row -> row.containsKey(ACCEPTED_AT) && row.get(ACCEPTED_AT).n().equals(millis))
        .map(EventRecords::fromItem)
        .toList();
  }

  /** Every stored event (a paginated scan: for tests, exports and small tables). */
  public Stream<Event> scan() {
    return dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
        .map(EventRecords::fromItem);
  }

  @Override
  public void close() {
    pool.shutdown();
  }

  /** Conditional puts in parallel; returns the keys that were already stored. */
  private Set<EventKey> putIfAbsent(
      Collection<Event> events, Instant acceptedAt, Deadline deadline) {
    List<CompletableFuture<EventKey>> puts = new ArrayList<>();
    for (Event event : events) {
      Map<String, AttributeValue> row = row(event, acceptedAt);
      puts.add(
          async(
              () -> {
                try {
                  deadline.call(
                      dynamo,
                      "storing events",
                      timeouts ->
                          dynamo.putItem(
                              b ->
                                  b.tableName(table)
                                      .item(row)
                                      .conditionExpression(NOT_STORED)
                                      .overrideConfiguration(timeouts)));
                  return null;
                } catch (ConditionalCheckFailedException duplicate) {
                  return EventKey.of(event);
                }
              }));
    }
    Set<EventKey> refused = new HashSet<>(join(puts, deadline));
    refused.remove(null);
    return refused;
  }

  /**
   * One consistent read of every key, then batch writes of the missing events; returns the keys
   * found.
   */
  private Set<EventKey> writeMissing(
      Map<EventKey, Event> unique, Instant acceptedAt, Deadline deadline) {
    Set<EventKey> existing = new HashSet<>();
    read(unique.keySet(), false, deadline).forEach(row -> existing.add(EventKey.of(row)));
    List<Map<String, AttributeValue>> rows =
        unique.entrySet().stream()
            .filter(e -> !existing.contains(e.getKey()))
            .map(e -> row(e.getValue(), acceptedAt))
            .toList();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int start = 0; start < rows.size(); start += BatchWriter.MAX_BATCH) {
      List<Map<String, AttributeValue>> chunk =
          rows.subList(start, Math.min(rows.size(), start + BatchWriter.MAX_BATCH));
      writes.add(
          async(
              () -> {
                BatchWriter.putAll(dynamo, table, chunk, deadline);
                return null;
              }));
    }
    join(writes, deadline);
    return existing;
  }

  /**
   * The stored rows among {@code keys} (consistent reads): whole rows, or keys and acceptance time
   * only.
   */
  private List<Map<String, AttributeValue>> read(
      Collection<EventKey> keys, boolean wholeRows, Deadline deadline) {
    List<EventKey> all = List.copyOf(keys);
    List<CompletableFuture<List<Map<String, AttributeValue>>>> gets = new ArrayList<>();
    for (int start = 0; start < all.size(); start += BatchReader.MAX_BATCH) {
      List<Map<String, AttributeValue>> chunk =
          all.subList(start, Math.min(all.size(), start + BatchReader.MAX_BATCH)).stream()
              .map(EventKey::attributes)
              .toList();
      gets.add(
          async(
              () ->
                  BatchReader.get(
                      dynamo,
                      table,
                      chunk,
                      b ->
                          wholeRows
                              ? b.consistentRead(true)
                              : b.consistentRead(true)
                                  .projectionExpression("#u, #e, #a")
                                  .expressionAttributeNames(
                                      Map.of(
                                          "#u",
                                          TableDefinitions.USER_ID,
                                          "#e",
                                          TableDefinitions.EVENT_ID,
                                          "#a",
                                          ACCEPTED_AT)),
                      deadline)));
    }
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    join(gets, deadline).forEach(rows::addAll);
    return rows;
  }

  Map<String, AttributeValue> row(Event event, Instant acceptedAt) {
    long expiresAt = retention == null ? 0 : event.timestamp().plus(retention).getEpochSecond();
    Map<String, AttributeValue> row = EventRecords.toItem(event, expiresAt);
    row.put(ACCEPTED_AT, AttributeValue.fromN(Long.toString(acceptedAt.toEpochMilli())));
    row.put(
        TableDefinitions.ACCEPT_SHARD,
        AttributeValue.fromS(TableDefinitions.acceptShard(event.userId(), event.eventId())));
    return row;
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, pool);
  }

  /**
   * Waits for all, at most until the deadline; rethrows the first failure (after all have finished,
   * so none is left running).
   */
  private static <T> List<T> join(List<CompletableFuture<T>> futures, Deadline deadline) {
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    try {
      all.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("the events table did not answer within the time budget");
    } catch (ExecutionException e) {
      // one failed: the first failure in order is rethrown below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while writing events", e);
    }
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
}
