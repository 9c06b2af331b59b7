package dev.aisle.storage.dynamo;

import dev.aisle.event.Event;
import dev.aisle.parallel.DaemonThreads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads the events table for training, streaming each event to a sink (nothing is collected here):
 *
 * <ul>
 *   <li>{@link #scan}: the whole history, a parallel scan ({@code segments} workers, strongly
 *       consistent reads) keeping the rows the api accepted at or before the cut (rows written
 *       without {@code acceptedAt}: those stamped at or before it);
 *   <li>{@link #readAccepted}: only the rows accepted in {@code (after, upTo]}, by querying each
 *       shard of the {@code byAcceptTime} index (in parallel, paginated) — what an incremental run
 *       reads. The index is eventually consistent: callers cut a few minutes before now.
 * </ul>
 *
 * Cutting on accept time rather than the event's own timestamp picks up a backfilled event (old
 * {@code ts}, accepted today) exactly once. The sink is called from the worker threads.
 */
public final class EventTableReader {

  private static final Logger LOG = LoggerFactory.getLogger(EventTableReader.class);
  private static final String PROJECTION =
      String.join(
          ",",
          TableDefinitions.USER_ID,
          TableDefinitions.EVENT_ID,
          TableDefinitions.ITEM_ID,
          "#type",
          TableDefinitions.TIMESTAMP,
          "#value");

  private final DynamoDbClient dynamo;
  private final String table;

  public EventTableReader(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * @param unreadable stored rows that could not be turned into events (logged, skipped)
   */
  public record Result(long events, long unreadable) {}

  /**
   * @param progress called with the running count of rows read (from the worker threads)
   */
  public Result scan(Instant cut, int segments, Consumer<Event> sink, LongConsumer progress) {
    if (segments < 1 || segments > 1_000_000) {
      throw new IllegalArgumentException("segments must be in 1..1000000, got " + segments);
    }
    Counters counters = new Counters(progress);
    List<Callable<Void>> work = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      int segment = s;
      work.add(
          () -> {
            ScanRequest request =
                ScanRequest.builder()
                    .tableName(table)
                    .segment(segment)
                    .totalSegments(segments)
                    .consistentRead(true)
                    .projectionExpression(PROJECTION)
                    .filterExpression(
                        "#accepted <= :cut OR (attribute_not_exists(#accepted) AND #ts <= :cut)")
                    .expressionAttributeNames(
                        Map.of(
                            "#accepted",
                            TableDefinitions.ACCEPTED_AT,
                            "#ts",
                            TableDefinitions.TIMESTAMP,
                            "#type",
                            "type",
                            "#value",
                            "value"))
                    .expressionAttributeValues(Map.of(":cut", number(cut.toEpochMilli())))
                    .build();
            for (var page : dynamo.scanPaginator(request)) {
              counters.page(page.items(), sink);
            }
            return null;
          });
    }
    runAll(work, Math.min(segments, 16));
    return counters.result();
  }

  /** Rows accepted after {@code after} and at or before {@code upTo}, from every accept shard. */
  public Result readAccepted(
      Instant after, Instant upTo, Consumer<Event> sink, LongConsumer progress) {
    Counters counters = new Counters(progress);
    if (!upTo.isAfter(after)) {
      return counters.result();
    }
    List<Callable<Void>> work = new ArrayList<>();
    for (int s = 0; s < TableDefinitions.ACCEPT_SHARDS; s++) {
      String shard = String.format(java.util.Locale.ROOT, "%02d", s);
      work.add(
          () -> {
            QueryRequest request =
                QueryRequest.builder()
                    .tableName(table)
                    .indexName(TableDefinitions.EVENTS_BY_ACCEPT_TIME_INDEX)
                    .keyConditionExpression("#shard = :shard AND #accepted BETWEEN :from AND :to")
                    .expressionAttributeNames(
                        Map.of(
                            "#shard",
                            TableDefinitions.ACCEPT_SHARD,
                            "#accepted",
                            TableDefinitions.ACCEPTED_AT))
                    .expressionAttributeValues(
                        Map.of(
                            ":shard",
                            AttributeValue.fromS(shard),
                            ":from",
                            number(after.toEpochMilli() + 1),
                            ":to",
                            number(upTo.toEpochMilli())))
                    .build();
            for (var page : dynamo.queryPaginator(request)) {
              counters.page(page.items(), sink);
            }
            return null;
          });
    }
    runAll(work, 8);
    return counters.result();
  }

  private void runAll(List<Callable<Void>> work, int threads) {
    ExecutorService pool = DaemonThreads.fixedPool("events-read", threads);
    try {
      List<Future<Void>> futures = pool.invokeAll(work);
      for (Future<Void> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + table, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("cannot read " + table, e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** Running counts shared by the workers. */
  private final class Counters {
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final LongConsumer progress;

    Counters(LongConsumer progress) {
      this.progress = progress;
    }

    void page(List<Map<String, AttributeValue>> items, Consumer<Event> sink) {
      for (Map<String, AttributeValue> item : items) {
        Event event;
        try {
          event = EventRecords.fromItem(item);
        } catch (RuntimeException e) {
          if (unreadable.incrementAndGet() <= 5) {
            LOG.warn("event=unreadable_event table={} error={}", table, e.toString());
          }
          continue;
        }
        sink.accept(event);
        events.incrementAndGet();
      }
      progress.accept(read.addAndGet(items.size()));
    }

    Result result() {
      return new Result(events.get(), unreadable.get());
    }
  }
}
