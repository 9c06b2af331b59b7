package dev.aisle.storage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.local.IsolatedStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Produce and consume with the product's Kafka client configuration, against the local broker. */
class KafkaRoundTripIT {

  private static IsolatedStack resources;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
  }

  @AfterAll
  static void stop() {
    resources.close();
  }

  @Test
  void everyRecordArrivesInOrderPerKey() throws Exception {
    String topic = resources.settings().interactionsTopic();
    int perUser = 200;
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(KafkaClients.producer(resources.settings()))) {
      for (int i = 0; i < perUser; i++) {
        for (String user : List.of("u1", "u2", "u3")) {
          sent.add(producer.send(new ProducerRecord<>(topic, user, user + ":" + i)));
        }
      }
      producer.flush();
    }
    for (Future<RecordMetadata> acknowledged : sent) {
      // a failed send surfaces here with the broker's reason, not as a gap in the consumed lists
      assertThat(acknowledged).succeedsWithin(Duration.ofSeconds(30));
    }

    Map<String, List<String>> received = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(KafkaClients.consumer(resources.settings(), "round-trip-" + topic))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int count = 0;
      while (count < 3 * perUser && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          received
              .computeIfAbsent(record.key(), k -> new ArrayList<>())
              .add(new String(record.value(), StandardCharsets.UTF_8));
          count++;
        }
      }
      consumer.commitSync();
    }

    assertThat(received).containsOnlyKeys("u1", "u2", "u3");
    for (String user : List.of("u1", "u2", "u3")) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perUser; i++) {
        expected.add(user + ":" + i);
      }
      assertThat(received.get(user)).containsExactlyElementsOf(expected);
    }
  }
}
