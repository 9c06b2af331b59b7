package dev.aisle.storage.dynamo;

import dev.aisle.event.Event;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.kafka.EventSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Publishes what {@link Outbox} entries left behind: for each entry older than {@code relayAfter}
 * (younger ones may belong to a request still running), the events its request stored itself (their
 * rows carry the entry's {@code acceptedAt}; duplicates the request met are not its to publish),
 * then deletes the entry. Events the request never stored (it failed before) are skipped.
 *
 * <p>Delivery is at least once: an event may reach the topic twice (a request that died after
 * Kafka's acknowledgement but before deleting its entry, a relay racing a slow request), never zero
 * times; consumers de-duplicate by eventId. Events relayed after an outage arrive after newer ones,
 * so consumers order a shopper's events by their timestamp, not by their topic offset.
 */
public final class OutboxRelay {

  /** What one run did: events published, entries deleted, whether every due entry was handled. */
  public record Run(int relayed, int entries, boolean drained) {}

  private final Outbox outbox;
  private final EventStore store;
  private final EventSender sender;
  private final Duration relayAfter;
  private final int pageSize;
  private final int maxEventsPerRun;
  private final Clock clock;

  /**
   * @param relayAfter entries younger than this are left to their requests (longer than any
   *     request)
   * @param maxEventsPerRun a run stops after publishing this many (the rest waits for the next run)
   */
  public OutboxRelay(
      Outbox outbox,
      EventStore store,
      EventSender sender,
      Duration relayAfter,
      int pageSize,
      int maxEventsPerRun,
      Clock clock) {
    this.outbox = outbox;
    this.store = store;
    this.sender = sender;
    this.relayAfter = relayAfter;
    this.pageSize = pageSize;
    this.maxEventsPerRun = maxEventsPerRun;
    this.clock = clock;
  }

  /**
   * Relays due entries, shard by shard, until none is left, Kafka fails, or the run is full or out
   * of time.
   */
  public Run run(Deadline deadline) {
    Instant cut = clock.instant().minus(relayAfter);
    int relayed = 0;
    int entries = 0;
    boolean drained = true;
    // an entry deleted a moment ago may still be read back: never handle one twice in a run
    Set<String> done = new HashSet<>();
    shards:
    for (int shard = 0; shard < Outbox.SHARDS; shard++) {
      while (true) {
        List<Outbox.Entry> page =
            outbox.due(shard, cut, pageSize, deadline).stream()
                .filter(e -> !done.contains(e.id()))
                .toList();
        for (Outbox.Entry entry : page) {
          if (relayed >= maxEventsPerRun || deadline.passed()) {
            drained = false;
            break shards;
          }
          List<Event> events = store.acceptedAt(entry.keys(), entry.acceptedAt(), deadline);
          if (!events.isEmpty() && !sender.send(events).isEmpty()) {
            drained = false;
            break shards;
          }
          outbox.release(List.of(entry), deadline);
          done.add(entry.id());
          relayed += events.size();
          entries++;
        }
        if (page.size() < pageSize) {
          break;
        }
      }
    }
    return new Run(relayed, entries, drained);
  }

  /**
   * What waits now: events of entries older than {@code relayAfter} (overdue) and the oldest entry.
   */
  public Outbox.Backlog backlog() {
    return outbox.backlog(clock.instant().minus(relayAfter));
  }
}
