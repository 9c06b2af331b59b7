package dev.aisle.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Events and Kafka records as the api publishes them, for tests. */
public final class TestEvents {

  private static final AtomicLong CLOCK =
      new AtomicLong(Instant.parse("2026-02-01T10:00:00Z").toEpochMilli());

  private TestEvents() {}

  /** An event one second after the previous one made here. */
  public static Event event(
      String eventId, String userId, String itemId, EventType type, Double value) {
    return new Event(
        eventId,
        userId,
        itemId,
        type,
        value,
        Instant.ofEpochMilli(CLOCK.addAndGet(1000)),
        null,
        Map.of());
  }

  public static Event event(String eventId, String userId, String itemId, EventType type) {
    return event(eventId, userId, itemId, type, null);
  }

  public static String json(Event event) {
    try {
      return Json.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KafkaRecord record(String topic, int partition, long offset, Event event) {
    return raw(topic, partition, offset, event.userId(), base64(json(event)));
  }

  public static KafkaRecord raw(
      String topic, int partition, long offset, String key, String base64Value) {
    return new KafkaRecord(
        topic,
        partition,
        offset,
        CLOCK.get(),
        "CREATE_TIME",
        key == null ? null : base64(key),
        base64Value,
        List.of());
  }

  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The eventId inside a record's value (what the api published). */
  public static String eventIdOf(KafkaRecord record) {
    try {
      return Json.mapper().readValue(record.valueBytes(), Event.class).eventId();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The event source's grouping: records by topic-partition, in the order given. */
  public static KafkaEvent batch(KafkaRecord... records) {
    Map<String, List<KafkaRecord>> grouped = new LinkedHashMap<>();
    for (KafkaRecord r : records) {
      grouped.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r);
    }
    return new KafkaEvent(
        KafkaEvent.MSK_SOURCE,
        "arn:aws:kafka:us-east-1:123456789012:cluster/aisle/1",
        "b-1:9098",
        grouped);
  }
}
