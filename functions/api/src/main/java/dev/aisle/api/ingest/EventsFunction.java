package dev.aisle.api.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.error.BadRequestException;
import dev.aisle.event.Event;
import dev.aisle.event.EventValidator;
import dev.aisle.validation.Validated;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * {@code POST /events} with {@code {"events":[...]}} (1–500 events, rules in {@link
 * EventValidator}) → {@code {"accepted":N,"duplicates":D,"deferred":Q}}. A batch with any invalid
 * event stores nothing and the 400 lists every problem by index and field. The body is read as a
 * JSON tree, not bound to a class, so that a wrong type is reported like any other violation
 * instead of failing the parse.
 */
@ApplicationScoped
public class EventsFunction {

  private final EventValidator validator = new EventValidator(Clock.systemUTC());
  private final EventIngest ingest;

  EventsFunction(EventIngest ingest) {
    this.ingest = ingest;
  }

  @Funq("events")
  public EventIngest.Accepted events(JsonNode body) {
    Validated<Event> events = validator.validate(WriteRequests.require(body, "events"));
    if (!events.isValid()) {
      throw BadRequestException.invalidBatch(events, body.path("events").size(), "events");
    }
    return ingest.accept(events.values());
  }
}
