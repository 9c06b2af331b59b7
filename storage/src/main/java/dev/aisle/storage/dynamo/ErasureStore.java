package dev.aisle.storage.dynamo;

import dev.aisle.storage.Deadline;
import dev.aisle.storage.ShopperHash;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The erasures table: one <b>record</b> per erasure (key = its erasureId: status, times, what was
 * removed per store) and one <b>tombstone</b> per erased shopper (key = {@code tombstone#} + the
 * {@link ShopperHash salted hash} of the id: the latest erasureId, its status, an expiry). Neither
 * holds a shopper id.
 *
 * <p>The tombstone is written when the erasure is requested, so events that arrive while it runs
 * are dropped as well as those that come later (still on Kafka, from a retrying client, from the
 * outbox), until it expires. It also makes a request idempotent: while a shopper's erasure is
 * pending, asking again answers the same erasureId; once it is complete, asking again starts a new
 * one (which finds whatever arrived since). {@code expiresAt} is the TTL attribute in AWS; the
 * local server has no TTL, so every read also compares it with the clock.
 */
public final class ErasureStore {

  public static final String PENDING = "pending";
  public static final String COMPLETE = "complete";
  static final String KEY = TableDefinitions.ERASURE_KEY;
  static final String TOMBSTONE_PREFIX = "tombstone#";
  private static final String KIND = "kind";
  private static final String USER_HASH = "userHash";
  private static final String ERASURE_ID = "erasureId";
  private static final String STATUS = "status";
  private static final String REQUESTED_AT = "requestedAt";
  private static final String COMPLETED_AT = "completedAt";
  private static final String REMOVED = "removed";
  private static final String EXPIRES_AT = TableDefinitions.EXPIRES_AT;
  private static final int REQUEST_ATTEMPTS = 3;

  /**
   * One erasure as {@code GET /erasures} shows it.
   *
   * @param removed per store, what the erasure deleted (empty while pending)
   */
  public record Erasure(
      String erasureId,
      String status,
      Instant requestedAt,
      Instant completedAt,
      Map<String, Long> removed) {

    public boolean pending() {
      return PENDING.equals(status);
    }
  }

  private final DynamoDbClient dynamo;
  private final String table;
  private final Duration tombstoneTtl;
  private final Duration recordRetention;

  /**
   * @param tombstoneTtl how long after an erasure completes late events of the shopper are dropped
   * @param recordRetention how long an erasure record can be looked up
   */
  public ErasureStore(
      DynamoDbClient dynamo, String table, Duration tombstoneTtl, Duration recordRetention) {
    this.dynamo = dynamo;
    this.table = table;
    this.tombstoneTtl = tombstoneTtl;
    this.recordRetention = recordRetention;
  }

  public static String tombstoneKey(String userHash) {
    return TOMBSTONE_PREFIX + userHash;
  }

  /**
   * Starts the erasure of the shopper with this hash, or answers the one that is pending for them.
   * The tombstone is written first (conditionally: only if none is pending), then the record; a
   * crash in between leaves a pending tombstone whose record the next request writes.
   */
  public Erasure request(String userHash, Instant now) {
    for (int attempt = 1; attempt <= REQUEST_ATTEMPTS; attempt++) {
      Map<String, AttributeValue> tombstone = read(tombstoneKey(userHash));
      if (tombstone != null && PENDING.equals(text(tombstone, STATUS))) {
        String erasureId = text(tombstone, ERASURE_ID);
        putRecordIfAbsent(erasureId, userHash, now);
        return get(erasureId).orElseThrow();
      }
      String erasureId = UUID.randomUUID().toString();
      try {
        dynamo.putItem(
            b ->
                b.tableName(table)
                    .item(tombstoneItem(userHash, erasureId, now))
                    .conditionExpression("attribute_not_exists(#k) OR #s = :complete")
                    .expressionAttributeNames(Map.of("#k", KEY, "#s", STATUS))
                    .expressionAttributeValues(
                        Map.of(":complete", AttributeValue.fromS(COMPLETE))));
      } catch (ConditionalCheckFailedException raced) {
        continue; // another request started one meanwhile: answer that one
      }
      putRecordIfAbsent(erasureId, userHash, now);
      return get(erasureId).orElseThrow();
    }
    throw new IllegalStateException(
        "the erasure of a shopper kept changing during " + REQUEST_ATTEMPTS + " attempts");
  }

  /** The record of an erasure; empty when unknown or expired. Consistent read. */
  public Optional<Erasure> get(String erasureId) {
    Map<String, AttributeValue> item = read(erasureId);
    if (item == null || !"erasure".equals(text(item, KIND))) {
      return Optional.empty();
    }
    Map<String, Long> removed = new LinkedHashMap<>();
    if (item.containsKey(REMOVED)) {
      item.get(REMOVED).m().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> removed.put(e.getKey(), Long.parseLong(e.getValue().n())));
    }
    return Optional.of(
        new Erasure(
            erasureId,
            text(item, STATUS),
            millis(item, REQUESTED_AT),
            millis(item, COMPLETED_AT),
            removed));
  }

  /** The status of the shopper's latest erasure, if their tombstone is live. */
  public Optional<String> tombstoneStatus(String userHash, Instant now) {
    Map<String, AttributeValue> tombstone = read(tombstoneKey(userHash));
    return tombstone == null || expired(tombstone, now)
        ? Optional.empty()
        : Optional.of(text(tombstone, STATUS));
  }

  /**
   * Marks the erasure complete with what it removed, once (a redelivered command finds it complete
   * and changes nothing), and starts the tombstone's expiry.
   *
   * @return false when it was complete already (or unknown)
   */
  public boolean complete(
      String erasureId, String userHash, Map<String, Long> removed, Instant now) {
    Map<String, AttributeValue> counts = new LinkedHashMap<>();
    removed.forEach((store, n) -> counts.put(store, AttributeValue.fromN(Long.toString(n))));
    boolean first;
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of(KEY, AttributeValue.fromS(erasureId)))
                  .updateExpression("SET #s = :complete, #c = :now, #r = :removed")
                  .conditionExpression("#s = :pending")
                  .expressionAttributeNames(Map.of("#s", STATUS, "#c", COMPLETED_AT, "#r", REMOVED))
                  .expressionAttributeValues(
                      Map.of(
                          ":complete",
                          AttributeValue.fromS(COMPLETE),
                          ":pending",
                          AttributeValue.fromS(PENDING),
                          ":now",
                          epochMillis(now),
                          ":removed",
                          AttributeValue.fromM(counts))));
      first = true;
    } catch (ConditionalCheckFailedException done) {
      first = false;
    }
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of(KEY, AttributeValue.fromS(tombstoneKey(userHash))))
                  .updateExpression("SET #s = :complete, #x = :expires")
                  .conditionExpression("#e = :id")
                  .expressionAttributeNames(
                      Map.of("#s", STATUS, "#x", EXPIRES_AT, "#e", ERASURE_ID))
                  .expressionAttributeValues(
                      Map.of(
                          ":complete",
                          AttributeValue.fromS(COMPLETE),
                          ":id",
                          AttributeValue.fromS(erasureId),
                          ":expires",
                          epochSeconds(now.plus(tombstoneTtl)))));
    } catch (ConditionalCheckFailedException newer) {
      // a later erasure of the same shopper owns the tombstone now
    }
    return first;
  }

  /**
   * The hashes among {@code userHashes} with a live tombstone (eventually consistent reads, 100 a
   * request).
   */
  public Set<String> tombstoned(Collection<String> userHashes, Instant now) {
    List<String> keys = userHashes.stream().distinct().map(ErasureStore::tombstoneKey).toList();
    Set<String> out = new HashSet<>();
    for (int start = 0; start < keys.size(); start += BatchReader.MAX_BATCH) {
      List<Map<String, AttributeValue>> chunk =
          keys.subList(start, Math.min(keys.size(), start + BatchReader.MAX_BATCH)).stream()
              .map(k -> Map.of(KEY, AttributeValue.fromS(k)))
              .toList();
      for (Map<String, AttributeValue> item :
          BatchReader.get(dynamo, table, chunk, b -> b, Deadline.none())) {
        if (!expired(item, now)) {
          out.add(item.get(KEY).s().substring(TOMBSTONE_PREFIX.length()));
        }
      }
    }
    return out;
  }

  /**
   * Every live tombstone's hash: what the trainer skips. A scan of this table only (records and
   * tombstones: thousands of small items, not the events).
   */
  public Set<String> liveTombstones(Instant now) {
    Set<String> out = new HashSet<>();
    dynamo
        .scanPaginator(
            b ->
                b.tableName(table)
                    .filterExpression("#kind = :t")
                    .expressionAttributeNames(Map.of("#kind", KIND))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("tombstone"))))
        .items()
        .forEach(
            item -> {
              if (!expired(item, now)) {
                out.add(item.get(KEY).s().substring(TOMBSTONE_PREFIX.length()));
              }
            });
    return out;
  }

  private void putRecordIfAbsent(String erasureId, String userHash, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, AttributeValue.fromS(erasureId));
    item.put(KIND, AttributeValue.fromS("erasure"));
    item.put(USER_HASH, AttributeValue.fromS(userHash));
    item.put(STATUS, AttributeValue.fromS(PENDING));
    item.put(REQUESTED_AT, epochMillis(now));
    item.put(EXPIRES_AT, epochSeconds(now.plus(recordRetention)));
    try {
      dynamo.putItem(
          b ->
              b.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#k)")
                  .expressionAttributeNames(Map.of("#k", KEY)));
    } catch (ConditionalCheckFailedException exists) {
      // written by the first request
    }
  }

  private Map<String, AttributeValue> tombstoneItem(
      String userHash, String erasureId, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, AttributeValue.fromS(tombstoneKey(userHash)));
    item.put(KIND, AttributeValue.fromS("tombstone"));
    item.put(ERASURE_ID, AttributeValue.fromS(erasureId));
    item.put(STATUS, AttributeValue.fromS(PENDING));
    // a pending erasure's tombstone lives at least as long as a completed one's
    item.put(EXPIRES_AT, epochSeconds(now.plus(tombstoneTtl)));
    return item;
  }

  private Map<String, AttributeValue> read(String key) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(KEY, AttributeValue.fromS(key))))
            .item();
    return item == null || item.isEmpty() ? null : item;
  }

  private static boolean expired(Map<String, AttributeValue> item, Instant now) {
    AttributeValue expires = item.get(EXPIRES_AT);
    // a pending tombstone never expires: its erasure has not run yet
    return expires != null
        && !PENDING.equals(text(item, STATUS))
        && Long.parseLong(expires.n()) <= now.getEpochSecond();
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static Instant millis(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
  }

  private static AttributeValue epochMillis(Instant at) {
    return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
  }

  private static AttributeValue epochSeconds(Instant at) {
    return AttributeValue.fromN(Long.toString(at.getEpochSecond()));
  }
}
