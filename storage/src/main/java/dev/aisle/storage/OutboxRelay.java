package dev.aisle.storage;

import dev.aisle.event.Event;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Publishes the events of the outbox (events stored while Kafka did not acknowledge them) and takes
 * them out of it once the broker has acknowledged them. Delivery is at least once: an event may
 * reach the topic twice (a lost acknowledgement, two relays at once), never zero times; consumers
 * de-duplicate by eventId. Events relayed after an outage arrive after newer ones, so consumers
 * order a shopper's events by their timestamp, not by their topic offset.
 */
public final class OutboxRelay {

  /** What one pass did: events published and taken out of the outbox, and whether some remain. */
  public record Pass(int relayed, boolean drained) {}

  private final EventStore store;
  private final EventPublisher publisher;
  private final int pageSize;
  private final int maxPerPass;

  public OutboxRelay(EventStore store, EventPublisher publisher, int pageSize, int maxPerPass) {
    this.store = store;
    this.publisher = publisher;
    this.pageSize = pageSize;
    this.maxPerPass = maxPerPass;
  }

  /** Relays every shard, page by page, until the outbox is empty, Kafka fails, or the pass is full. */
  public Pass relayOnce() {
    int relayed = 0;
    // the outbox index is eventually consistent: a page read right after clearing may repeat rows
    Set<Event> done = new HashSet<>();
    for (int shard = 0; shard < EventStore.OUTBOX_SHARDS; shard++) {
      List<EventStore.Pending> page = store.pending(shard, pageSize);
      while (!page.isEmpty()) {
        if (relayed >= maxPerPass) {
          return new Pass(relayed, false);
        }
        List<EventStore.Pending> fresh = page.stream().filter(p -> !done.contains(p.event())).toList();
        if (fresh.isEmpty()) {
          break;
        }
        Set<Event> failed = new HashSet<>(publisher.publish(fresh.stream().map(EventStore.Pending::event).toList()));
        List<EventStore.Pending> acknowledged = fresh.stream().filter(p -> !failed.contains(p.event())).toList();
        store.clearPending(acknowledged);
        acknowledged.forEach(p -> done.add(p.event()));
        relayed += acknowledged.size();
        if (!failed.isEmpty()) {
          return new Pass(relayed, false);
        }
        page = page.size() < pageSize ? List.of() : store.pending(shard, pageSize);
      }
    }
    return new Pass(relayed, true);
  }
}
