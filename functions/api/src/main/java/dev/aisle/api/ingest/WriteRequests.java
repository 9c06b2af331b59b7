package dev.aisle.api.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.error.BadRequestException;
import dev.aisle.api.error.Unavailability;
import dev.aisle.api.error.UnavailableException;
import java.time.Duration;

/** What the three write functions share: an empty body is refused, a failing table is a 503. */
final class WriteRequests {

  private WriteRequests() {}

  /** The body Funqy parsed; Funqy hands over null for an empty body. */
  static JsonNode require(JsonNode body, String field) {
    if (body == null || body.isMissingNode()) {
      throw new BadRequestException(
          "empty_body", "the request body is empty; expected {\"%s\":[...]}".formatted(field));
    }
    return body;
  }

  /**
   * Runs an upsert; a table that fails for now (throttling, timeouts) asks the client to retry
   * (upserts are idempotent). Other failures are bugs: 500.
   */
  static void upsert(String table, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      if (!Unavailability.isTransient(e)) {
        throw e;
      }
      throw new UnavailableException(
          "the %s table is not available; send the same request again".formatted(table),
          Duration.ofSeconds(1),
          e);
    }
  }
}
