package dev.aisle.api.ingest;

import dev.aisle.api.error.UnavailableException;
import dev.aisle.event.Event;
import dev.aisle.storage.EventPublisher;
import dev.aisle.storage.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Accepts validated events: stores the new ones in the events table (the source of truth), then
 * publishes them to Kafka. What Kafka does not acknowledge in time goes to the outbox, which the
 * relay forwards later, so an accepted event always reaches the stream (at least once).
 *
 * <ul>
 *   <li>Kafka answering: published before the response ({@code deferred = 0}).
 *   <li>Kafka failing: marked in the outbox, answered 200 with {@code deferred = n}; for the cool-down
 *       that follows, requests skip Kafka and store events straight into the outbox.
 *   <li>The table failing (or the outbox marking): 503 with Retry-After; the client sends the same
 *       request again. A resent event stored less than the republish window ago is published again,
 *       in case its first request died between the table and Kafka.
 * </ul>
 */
@ApplicationScoped
public class EventIngest {

  private static final Logger LOG = Logger.getLogger(EventIngest.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** The answer of {@code POST /events}. */
  public record Accepted(int accepted, int duplicates, int deferred) {}

  private final EventStore store;
  private final EventPublisher publisher;
  private final Duration republishWindow;
  private final Clock clock = Clock.systemUTC();

  EventIngest(EventStore store, EventPublisher publisher, IngestConfig config) {
    this.store = store;
    this.publisher = publisher;
    this.republishWindow = config.republishWindow();
  }

  public Accepted accept(List<Event> events) {
    Instant now = clock.instant();
    boolean kafkaDown = publisher.unavailable();
    EventStore.StoreResult result;
    try {
      result = store.putNew(events, now, kafkaDown);
    } catch (SdkException e) {
      throw new UnavailableException("the events table is not available; send the same request again "
          + "(events with an eventId are stored once however often they are sent)", RETRY_AFTER, e);
    }
    List<Event> republish = republishable(result.earlier(), now);
    List<Event> unpublished;
    if (kafkaDown) {
      unpublished = republish;
    } else {
      List<Event> toPublish = new ArrayList<>(result.stored());
      toPublish.addAll(republish);
      unpublished = publisher.publish(toPublish);
    }
    if (!unpublished.isEmpty()) {
      markUnpublished(unpublished);
    }
    int deferred = unpublished.size() + (kafkaDown ? result.stored().size() : 0);
    if (deferred > 0) {
      LOG.infof("events deferred to the outbox deferred=%d accepted=%d", deferred, result.stored().size());
    }
    return new Accepted(result.stored().size(), result.duplicates(), deferred);
  }

  private List<Event> republishable(List<EventStore.Duplicate> earlier, Instant now) {
    Instant since = now.minus(republishWindow);
    return earlier.stream()
        .filter(d -> !d.unpublished() && d.acceptedAt() != null && d.acceptedAt().isAfter(since))
        .map(EventStore.Duplicate::event)
        .toList();
  }

  private void markUnpublished(List<Event> events) {
    try {
      store.markUnpublished(events);
    } catch (SdkException e) {
      throw new UnavailableException("the events were stored but could not be queued for the stream; "
          + "send the same request again", RETRY_AFTER, e);
    }
  }
}
