package dev.aisle.stream;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import dev.aisle.storage.kafka.ErasureCommand;
import dev.aisle.validation.Ids;
import java.io.IOException;

/**
 * Turns a Kafka record into a normalized {@link Event}, or refuses it as a {@link PoisonRecord}:
 * undecodable (not base64, not JSON, not an event) or invalid for fold-in (ids that break the api's
 * {@link Ids} rule, a key that is not the event's userId, a value that is not a finite number in
 * range). The api validated the event already; this guards the shoppers' state against whatever
 * else reaches the topic.
 */
public final class EventDecoder {

  private static final ObjectReader READER = Json.mapper().readerFor(Event.class);

  /**
   * Whether the record is an erasure command rather than an event (its {@code aisle.command}
   * header).
   */
  public static boolean isErasure(KafkaRecord record) {
    return ErasureCommand.isErasure(record.header(ErasureCommand.HEADER));
  }

  /**
   * An erasure command: its JSON, ids by the api's rule, and the record key equal to its userId.
   */
  public ErasureCommand decodeErasure(KafkaRecord record) throws PoisonRecord {
    ErasureCommand command;
    try {
      command = ErasureCommand.fromJson(record.valueBytes());
    } catch (IllegalArgumentException e) {
      throw new PoisonRecord("not_base64", "value is not base64");
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecord(
          "not_a_command", "value is not an erasure command: " + firstLine(e.getMessage()));
    }
    requireId("erasureId", command.erasureId());
    requireId("userId", command.userId());
    String key;
    try {
      key = record.keyText();
    } catch (IllegalArgumentException e) {
      throw new PoisonRecord("not_base64", "key is not base64");
    }
    if (!command.userId().equals(key)) {
      throw new PoisonRecord("invalid", "record key is not the command's userId");
    }
    return command;
  }

  public Event decode(KafkaRecord record) throws PoisonRecord {
    byte[] bytes;
    try {
      bytes = record.valueBytes();
    } catch (IllegalArgumentException e) {
      throw new PoisonRecord("not_base64", "value is not base64");
    }
    if (bytes.length == 0) {
      throw new PoisonRecord("empty", "record has no value");
    }
    Event event;
    try {
      event = READER.readValue(bytes);
    } catch (IOException | RuntimeException e) {
      throw new PoisonRecord(
          "not_an_event", "value is not event JSON: " + firstLine(e.getMessage()));
    }
    validate(event, record);
    return event;
  }

  private static void validate(Event event, KafkaRecord record) throws PoisonRecord {
    requireId("eventId", event.eventId());
    requireId("userId", event.userId());
    requireId("itemId", event.itemId());
    if (event.type() == null) {
      throw new PoisonRecord("invalid", "type is missing");
    }
    if (event.timestamp() == null) {
      throw new PoisonRecord("invalid", "timestamp is missing");
    }
    String key;
    try {
      key = record.keyText();
    } catch (IllegalArgumentException e) {
      throw new PoisonRecord("not_base64", "key is not base64");
    }
    if (key != null && !key.equals(event.userId())) {
      throw new PoisonRecord("invalid", "record key is not the event's userId");
    }
    Double value = event.value();
    if (value != null && (value.isNaN() || value.isInfinite())) {
      throw new PoisonRecord("invalid", "value is not a finite number");
    }
    if (event.type() == EventType.RATING && (value == null || value < 0 || value > 5)) {
      throw new PoisonRecord("invalid", "a rating needs a value from 0 to 5");
    }
    if (event.type() == EventType.PURCHASE && value != null && value <= 0) {
      throw new PoisonRecord("invalid", "a purchase quantity must be positive");
    }
  }

  private static void requireId(String field, String id) throws PoisonRecord {
    String problem = Ids.problem(id);
    if (problem != null) {
      throw new PoisonRecord("invalid", field + " " + problem);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unparsable";
    }
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
