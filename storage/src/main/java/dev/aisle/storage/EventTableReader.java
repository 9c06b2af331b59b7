package dev.aisle.storage;

import dev.aisle.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads the events table for training: a parallel scan ({@code segments} workers, each a
 * paginated Scan of its segment) with strongly consistent reads, keeping only events stamped at
 * or before a cut-off chosen before the scan starts. Events arriving during the scan carry later
 * timestamps and are left for the next run, so one training run sees one consistent cut of the
 * stream. Segments are concatenated in segment order.
 */
public final class EventTableReader {

  private static final Logger LOG = LoggerFactory.getLogger(EventTableReader.class);

  private final DynamoDbClient dynamo;
  private final String table;

  public EventTableReader(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** @param unreadable how many stored items could not be turned into events (logged, skipped) */
  public record Result(List<Event> events, long unreadable, Instant cutoff) {}

  /**
   * @param progress called with the running count of events read (from the worker threads)
   */
  public Result read(Instant cutoff, int segments, LongConsumer progress) {
    if (segments < 1 || segments > 1_000_000) {
      throw new IllegalArgumentException("segments must be in 1..1000000, got " + segments);
    }
    AtomicLong read = new AtomicLong();
    AtomicLong unreadable = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(segments, 16));
    try {
      List<Future<List<Event>>> parts = new ArrayList<>();
      for (int s = 0; s < segments; s++) {
        int segment = s;
        parts.add(pool.submit(() -> scanSegment(cutoff, segment, segments, read, unreadable, progress)));
      }
      List<Event> events = new ArrayList<>();
      for (Future<List<Event>> part : parts) {
        events.addAll(part.get());
      }
      return new Result(events, unreadable.get(), cutoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scanning " + table, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("cannot scan " + table, e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private List<Event> scanSegment(Instant cutoff, int segment, int segments, AtomicLong read, AtomicLong unreadable,
      LongConsumer progress) {
    ScanRequest request = ScanRequest.builder()
        .tableName(table)
        .segment(segment)
        .totalSegments(segments)
        .consistentRead(true)
        .filterExpression("#ts <= :cutoff")
        .expressionAttributeNames(Map.of("#ts", TableDefinitions.TIMESTAMP))
        .expressionAttributeValues(Map.of(":cutoff", AttributeValue.fromN(Long.toString(cutoff.toEpochMilli()))))
        .build();
    List<Event> events = new ArrayList<>();
    for (var page : dynamo.scanPaginator(request)) {
      for (Map<String, AttributeValue> item : page.items()) {
        try {
          events.add(EventRecords.fromItem(item));
        } catch (RuntimeException e) {
          if (unreadable.incrementAndGet() <= 5) {
            LOG.warn("event=unreadable_event table={} error={}", table, e.toString());
          }
        }
      }
      progress.accept(read.addAndGet(page.items().size()));
    }
    return events;
  }
}
