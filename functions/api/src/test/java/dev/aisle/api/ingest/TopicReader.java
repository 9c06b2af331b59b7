package dev.aisle.api.ingest;

import dev.aisle.event.Event;
import dev.aisle.json.Json;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.kafka.KafkaClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads the interactions topic from its beginning, as the stream updater would. */
final class TopicReader {

  private TopicReader() {}

  /**
   * Every event on the topic whose id is in {@code eventIds}, polling until all have arrived or
   * {@code limit} has passed, then a little longer to catch duplicates.
   */
  static List<Event> read(AisleSettings settings, Collection<String> eventIds, Duration limit) {
    Set<String> missing = new HashSet<>(eventIds);
    List<Event> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.consumer(settings, "ingest-test-" + UUID.randomUUID()))) {
      consumer.subscribe(List.of(settings.interactionsTopic()));
      long deadline = System.nanoTime() + limit.toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        collect(consumer.poll(Duration.ofMillis(250)), eventIds, found, missing);
      }
      collect(consumer.poll(Duration.ofMillis(500)), eventIds, found, missing);
    }
    return found;
  }

  /**
   * How many times each eventId is on the topic, reading every partition from its beginning to the
   * end it had when the call began (the stream's view of the topic, de-duplication aside).
   */
  static Map<String, Integer> countAll(AisleSettings settings, Duration limit) {
    Map<String, Integer> counts = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.consumer(settings, "ingest-count-" + UUID.randomUUID()))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(settings.interactionsTopic(), limit).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, limit);
      long deadline = System.nanoTime() + limit.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the topic was not read to its end within " + limit);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          counts.merge(parse(record.value()).eventId(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private static void collect(
      Iterable<ConsumerRecord<String, byte[]>> records,
      Collection<String> wanted,
      List<Event> found,
      Set<String> missing) {
    for (ConsumerRecord<String, byte[]> record : records) {
      Event event = parse(record.value());
      if (wanted.contains(event.eventId())) {
        if (!record.key().equals(event.userId())) {
          throw new AssertionError("record key " + record.key() + " is not the userId of " + event);
        }
        found.add(event);
        missing.remove(event.eventId());
      }
    }
  }

  private static Event parse(byte[] json) {
    try {
      return Json.mapper().readValue(json, Event.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
