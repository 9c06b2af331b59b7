package dev.aisle.storage.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aisle.json.Json;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.dynamo.ShopperErasure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * "Erase this shopper", as the api puts it on the interactions topic: key = the userId, so it is
 * ordered after that shopper's events in their partition; value {@code {"erasureId":…,"userId":…}};
 * header {@value #HEADER} = {@value #ERASURE} tells it from an event. The stream function carries
 * it out ({@link ShopperErasure}) and completes the record ({@link ErasureStore#complete}).
 */
public record ErasureCommand(String erasureId, String userId) {

  public static final String HEADER = "aisle.command";
  public static final String ERASURE = "erasure";

  public byte[] toJson() {
    try {
      return Json.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an erasure command", e);
    }
  }

  /**
   * @throws IOException when the bytes are not a command
   */
  public static ErasureCommand fromJson(byte[] json) throws IOException {
    ErasureCommand command = Json.mapper().readValue(json, ErasureCommand.class);
    if (command == null || command.erasureId() == null || command.userId() == null) {
      throw new IOException("an erasure command needs erasureId and userId");
    }
    return command;
  }

  /** Whether a header value marks an erasure command. */
  public static boolean isErasure(byte[] headerValue) {
    return headerValue != null && ERASURE.equals(new String(headerValue, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    // never the shopper id in logs
    return "ErasureCommand[" + erasureId + "]";
  }
}
