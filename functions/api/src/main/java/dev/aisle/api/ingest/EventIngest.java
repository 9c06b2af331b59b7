package dev.aisle.api.ingest;

import dev.aisle.api.error.Unavailability;
import dev.aisle.api.error.UnavailableException;
import dev.aisle.event.Event;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.dynamo.EventKey;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.Outbox;
import dev.aisle.storage.kafka.EventSender;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Accepts validated events: writes an outbox entry naming them, stores the new ones in the events
 * table (the source of truth), publishes them to Kafka and deletes the entry once Kafka has
 * acknowledged them. Whatever happens between those steps (the process dies, Kafka fails, the table
 * fails half-way) the entry remains, and the outbox relay publishes what the request stored: an
 * accepted event always reaches the stream, at least once.
 *
 * <ul>
 *   <li>Kafka answering: published before the response ({@code deferred = 0}).
 *   <li>Kafka failing: answered 200 with {@code deferred = n}; the relay publishes them when Kafka
 *       is back. For the cool-down that follows, requests skip Kafka (no wait) and defer.
 *   <li>The table failing, throttling, or slower than {@code aisle.ingest.write-budget}: 503 with
 *       Retry-After; the client sends the same request again. What was stored meanwhile is
 *       published by the relay; the resend finds it stored (a duplicate) and stores the rest.
 * </ul>
 */
@ApplicationScoped
public class EventIngest {

  private static final Logger LOG = Logger.getLogger(EventIngest.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * Deleting the entry after Kafka's acknowledgement; if it fails, the relay publishes again (a
   * duplicate).
   */
  private static final Duration RELEASE_BUDGET = Duration.ofSeconds(1);

  /** The answer of {@code POST /events}. */
  public record Accepted(int accepted, int duplicates, int deferred) {}

  private final EventStore store;
  private final Outbox outbox;
  private final EventSender sender;
  private final OutboxRelayTask relay;
  private final Duration writeBudget;
  private final Clock clock = Clock.systemUTC();

  EventIngest(
      EventStore store,
      Outbox outbox,
      EventSender sender,
      OutboxRelayTask relay,
      IngestConfig config) {
    this.store = store;
    this.outbox = outbox;
    this.sender = sender;
    this.relay = relay;
    this.writeBudget = config.writeBudget();
  }

  public Accepted accept(List<Event> events) {
    Instant now = clock.instant();
    Deadline budget = Deadline.in(writeBudget);
    List<Outbox.Entry> entries;
    EventStore.StoreResult result;
    try {
      // the entry first: from the moment an event is stored, something names it until Kafka has it
      entries = outbox.hold(keys(events), now, budget);
      result = store.putNew(events, now, budget);
    } catch (RuntimeException e) {
      if (!Unavailability.isTransient(e)) {
        throw e;
      }
      throw new UnavailableException(
          "the events table is not available; send the same request again "
              + "(events with an eventId are stored once however often they are sent)",
          RETRY_AFTER,
          e);
    }
    int deferred = publish(result.stored(), entries, now);
    if (deferred > 0) {
      LOG.infof(
          "events deferred to the outbox deferred=%d accepted=%d",
          deferred, result.stored().size());
    }
    return new Accepted(result.stored().size(), result.duplicates(), deferred);
  }

  /** Publishes what this request stored; returns how many events are left to the relay. */
  private int publish(List<Event> stored, List<Outbox.Entry> entries, Instant acceptedAt) {
    if (stored.isEmpty()) {
      release(entries);
      return 0;
    }
    List<Event> failed = sender.unavailable() ? stored : sender.send(stored);
    if (!failed.isEmpty()) {
      relay.expect(acceptedAt);
      return failed.size();
    }
    release(entries);
    return 0;
  }

  private void release(List<Outbox.Entry> entries) {
    try {
      outbox.release(entries, Deadline.in(RELEASE_BUDGET));
    } catch (RuntimeException e) {
      // the events are on Kafka; the relay will publish them once more, which consumers absorb
      LOG.warnf(
          "outbox entry not deleted; the relay will publish its events again cause=\"%s\"",
          e.getMessage());
    }
  }

  private static Set<EventKey> keys(List<Event> events) {
    Set<EventKey> keys = new LinkedHashSet<>();
    events.forEach(e -> keys.add(EventKey.of(e)));
    return keys;
  }
}
