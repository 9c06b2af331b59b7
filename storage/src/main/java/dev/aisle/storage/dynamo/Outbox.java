package dev.aisle.storage.dynamo;

import dev.aisle.storage.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The outbox table: one entry per {@code POST /events} request whose events may not have reached
 * Kafka yet. The api writes the entry (the keys of the request's events) <em>before</em> it stores
 * the events and deletes it once Kafka has acknowledged them; an entry that outlives its request
 * (the process died between the table and Kafka, Kafka failed or was skipped during its cool-down,
 * the table failed half-way) is found by the {@link OutboxRelay}, which publishes the events that
 * request stored and deletes the entry. So no accepted event is stored without a way to the topic.
 *
 * <p>Why a table of its own and not an outbox marker on every new event row: a row born with a
 * marker (and a sparse index entry) costs about three times the write units of a plain row, for
 * every event; an entry costs one small put and one delete per request (see docs/reliability.md for
 * the figures).
 *
 * <p>Layout: partition {@code shard} ({@value #SHARDS} values, "00".."15", picked at random per
 * request so a busy api spreads its writes), sort {@code entry} = the request's acceptance time
 * (13-digit epoch millis) + {@code #} + a random UUID + {@code #} + a chunk number, so a query per
 * shard reads entries oldest first. Attributes: {@code acceptedAt} (N), {@code events} (N), and
 * {@code keys} (B): the lines {@code userId<TAB>eventId} deflated (ids never hold control
 * characters). A request whose keys exceed {@value #MAX_KEY_BYTES} bytes gets several entries.
 */
public final class Outbox {

  public static final int SHARDS = 16;

  /**
   * Raw key bytes per entry: well below DynamoDB's 400 KB item limit even if they do not compress.
   */
  static final int MAX_KEY_BYTES = 300_000;

  /**
   * Entries one {@link #backlog} reads per shard at most: a long outage must not make counting
   * expensive.
   */
  static final int MEASURED_PER_SHARD = 1000;

  static final String SHARD = TableDefinitions.OUTBOX_SHARD;
  static final String ENTRY = TableDefinitions.OUTBOX_ENTRY;
  private static final String ACCEPTED_AT = "acceptedAt";
  private static final String EVENTS = "events";
  private static final String KEYS = "keys";

  /**
   * One entry: where it is ({@code shard}, {@code id} = the sort key), when its request was
   * accepted, and the keys of the events it covers.
   */
  public record Entry(String shard, String id, Instant acceptedAt, List<EventKey> keys) {}

  /**
   * What waits in the outbox: events of entries older than a cut, and the oldest entry's time.
   * {@code capped}: a shard had more entries than one measurement reads, so the counts are a lower
   * bound (the oldest entry is exact).
   */
  public record Backlog(long events, long entries, Optional<Instant> oldest, boolean capped) {

    public Duration oldestAge(Instant now) {
      return oldest
          .map(o -> Duration.between(o, now))
          .filter(d -> !d.isNegative())
          .orElse(Duration.ZERO);
    }
  }

  private final DynamoDbClient dynamo;
  private final String table;

  public Outbox(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * Writes the entries for a request's events, before they are stored; returns them for {@link
   * #release}.
   */
  public List<Entry> hold(Collection<EventKey> keys, Instant acceptedAt, Deadline deadline) {
    UUID request = UUID.randomUUID();
    String shard = shardName(Math.floorMod(request.getLeastSignificantBits(), SHARDS));
    List<Entry> entries = new ArrayList<>();
    List<EventKey> chunk = new ArrayList<>();
    int bytes = 0;
    for (EventKey key : keys) {
      int size = line(key).length;
      if (!chunk.isEmpty() && bytes + size > MAX_KEY_BYTES) {
        entries.add(entry(shard, acceptedAt, request, entries.size(), chunk));
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(key);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      entries.add(entry(shard, acceptedAt, request, entries.size(), chunk));
    }
    BatchWriter.putAll(dynamo, table, entries.stream().map(Outbox::item).toList(), deadline);
    return entries;
  }

  /** Deletes entries whose events Kafka has acknowledged. */
  public void release(List<Entry> entries, Deadline deadline) {
    BatchWriter.deleteAll(
        dynamo,
        table,
        entries.stream()
            .map(
                e ->
                    Map.of(
                        SHARD,
                        AttributeValue.fromS(e.shard()),
                        ENTRY,
                        AttributeValue.fromS(e.id())))
            .toList(),
        deadline);
  }

  /** Up to {@code limit} entries of one shard accepted before {@code before}, oldest first. */
  public List<Entry> due(int shard, Instant before, int limit, Deadline deadline) {
    return deadline
        .call(
            dynamo,
            "reading the outbox",
            timeouts ->
                dynamo.query(
                    b ->
                        b.tableName(table)
                            .keyConditionExpression("#s = :s AND #e < :before")
                            .expressionAttributeNames(Map.of("#s", SHARD, "#e", ENTRY))
                            .expressionAttributeValues(
                                Map.of(
                                    ":s",
                                    AttributeValue.fromS(shardName(shard)),
                                    ":before",
                                    AttributeValue.fromS(timePrefix(before))))
                            .consistentRead(true)
                            .limit(limit)
                            .overrideConfiguration(timeouts)))
        .items()
        .stream()
        .map(Outbox::entry)
        .toList();
  }

  /**
   * Counts what waits: the events of entries accepted before {@code before} (those the relay should
   * have published by now) and the time of the oldest entry of all. Reads only the sort keys and
   * counts (eventually consistent), at most {@value #MEASURED_PER_SHARD} entries a shard.
   */
  public Backlog backlog(Instant before) {
    String cut = timePrefix(before);
    long events = 0;
    long entries = 0;
    Instant oldest = null;
    boolean capped = false;
    for (int shard = 0; shard < SHARDS; shard++) {
      String name = shardName(shard);
      var pages =
          dynamo.queryPaginator(
              b ->
                  b.tableName(table)
                      .keyConditionExpression("#s = :s")
                      .expressionAttributeNames(Map.of("#s", SHARD, "#e", ENTRY, "#n", EVENTS))
                      .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(name)))
                      .projectionExpression("#e, #n")
                      .limit(MEASURED_PER_SHARD));
      int read = 0;
      for (Map<String, AttributeValue> item : pages.items()) {
        if (read == MEASURED_PER_SHARD) {
          capped = true;
          break;
        }
        String id = item.get(ENTRY).s();
        if (read++ == 0) {
          Instant at = acceptedAt(id);
          oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
        }
        if (id.compareTo(cut) < 0) {
          events += Long.parseLong(item.get(EVENTS).n());
          entries++;
        }
      }
    }
    return new Backlog(events, entries, Optional.ofNullable(oldest), capped);
  }

  /**
   * Removes one shopper's event keys from every entry (erasure): an entry left with other keys is
   * rewritten without them, only if the relay has not deleted it meanwhile; an entry with no other
   * key is deleted. Reads every entry of the 16 shards: the outbox holds only what Kafka has not
   * acknowledged yet, normally nothing.
   *
   * @return the shopper's keys removed
   */
  public long forget(String userId) {
    long removed = 0;
    for (int shard = 0; shard < SHARDS; shard++) {
      String name = shardName(shard);
      var pages =
          dynamo.queryPaginator(
              b ->
                  b.tableName(table)
                      .keyConditionExpression("#s = :s")
                      .expressionAttributeNames(Map.of("#s", SHARD))
                      .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(name)))
                      .consistentRead(true));
      for (Map<String, AttributeValue> item : pages.items()) {
        Entry entry = entry(item);
        List<EventKey> kept =
            entry.keys().stream().filter(k -> !k.userId().equals(userId)).toList();
        if (kept.size() == entry.keys().size()) {
          continue;
        }
        removed += entry.keys().size() - kept.size();
        Map<String, AttributeValue> key = Map.of(SHARD, item.get(SHARD), ENTRY, item.get(ENTRY));
        if (kept.isEmpty()) {
          dynamo.deleteItem(b -> b.tableName(table).key(key));
        } else {
          try {
            dynamo.putItem(
                b ->
                    b.tableName(table)
                        .item(item(new Entry(entry.shard(), entry.id(), entry.acceptedAt(), kept)))
                        .conditionExpression("attribute_exists(#e)")
                        .expressionAttributeNames(Map.of("#e", ENTRY)));
          } catch (
              software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException
                  relayed) {
            // the relay published and deleted the entry meanwhile: nothing left to rewrite
          }
        }
      }
    }
    return removed;
  }

  static String shardName(int shard) {
    return "%02d".formatted(shard);
  }

  /** The sort-key prefix of a time: entries accepted before it sort before it. */
  static String timePrefix(Instant time) {
    return "%013d".formatted(Math.max(0, time.toEpochMilli()));
  }

  private static Instant acceptedAt(String id) {
    return Instant.ofEpochMilli(Long.parseLong(id.substring(0, 13)));
  }

  private static Entry entry(
      String shard, Instant acceptedAt, UUID request, int chunk, List<EventKey> keys) {
    return new Entry(
        shard, timePrefix(acceptedAt) + "#" + request + "#" + chunk, acceptedAt, List.copyOf(keys));
  }

  private static Map<String, AttributeValue> item(Entry entry) {
    return Map.of(
        SHARD, AttributeValue.fromS(entry.shard()),
        ENTRY, AttributeValue.fromS(entry.id()),
        ACCEPTED_AT, AttributeValue.fromN(Long.toString(entry.acceptedAt().toEpochMilli())),
        EVENTS, AttributeValue.fromN(Integer.toString(entry.keys().size())),
        KEYS, AttributeValue.fromB(SdkBytes.fromByteArray(encode(entry.keys()))));
  }

  private static Entry entry(Map<String, AttributeValue> item) {
    return new Entry(
        item.get(SHARD).s(),
        item.get(ENTRY).s(),
        Instant.ofEpochMilli(Long.parseLong(item.get(ACCEPTED_AT).n())),
        decode(item.get(KEYS).b().asByteArray()));
  }

  private static byte[] line(EventKey key) {
    return (key.userId() + '\t' + key.eventId() + '\n').getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encode(List<EventKey> keys) {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    keys.forEach(key -> raw.writeBytes(line(key)));
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(raw.toByteArray());
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.size() / 2 + 64);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * The keys of an entry's {@code keys} attribute (also for tests that look for a shopper's
   * traces).
   */
  public static List<EventKey> decode(byte[] deflated) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream raw = new ByteArrayOutputStream(deflated.length * 3);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new UncheckedIOException(new IOException("truncated outbox entry"));
        }
        raw.write(buffer, 0, n);
      }
      List<EventKey> keys = new ArrayList<>();
      for (String line : raw.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          int tab = line.indexOf('\t');
          keys.add(new EventKey(line.substring(0, tab), line.substring(tab + 1)));
        }
      }
      return keys;
    } catch (DataFormatException e) {
      throw new UncheckedIOException(new IOException("corrupt outbox entry", e));
    } finally {
      inflater.end();
    }
  }
}
