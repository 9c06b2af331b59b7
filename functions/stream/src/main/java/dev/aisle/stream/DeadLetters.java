package dev.aisle.stream;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic: poison records, byte for byte as they arrived (same key and value), with
 * why and where from in headers ({@link #REASON}, {@link #DETAIL}, {@link #SOURCE_TOPIC}, {@link
 * #SOURCE_PARTITION}, {@link #SOURCE_OFFSET}). A send is acknowledged before the record counts as
 * handled; the producer is created on the first poison record only.
 */
public final class DeadLetters implements AutoCloseable {

  public static final String REASON = "aisle.dlq.reason";
  public static final String DETAIL = "aisle.dlq.detail";
  public static final String SOURCE_TOPIC = "aisle.dlq.source.topic";
  public static final String SOURCE_PARTITION = "aisle.dlq.source.partition";
  public static final String SOURCE_OFFSET = "aisle.dlq.source.offset";
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final AisleSettings settings;
  private KafkaProducer<String, byte[]> producer;

  public DeadLetters(AisleSettings settings) {
    this.settings = settings;
  }

  public String topic() {
    return settings.deadLetterTopic();
  }

  /** Sends and waits for the acknowledgement. @throws IllegalStateException when the send fails */
  public void send(KafkaRecord record, PoisonRecord poison) {
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(settings.deadLetterTopic(), safeKey(record), rawValue(record));
    out.headers().add(REASON, utf8(poison.reason()));
    out.headers().add(DETAIL, utf8(poison.detail()));
    out.headers().add(SOURCE_TOPIC, utf8(record.topic()));
    out.headers().add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
    out.headers().add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
    try {
      producer().send(out).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "dead-letter send to " + settings.deadLetterTopic() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to the dead-letter topic", e);
    }
  }

  private synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Properties props = KafkaClients.producer(settings);
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      producer = new KafkaProducer<>(props);
    }
    return producer;
  }

  /** The value's bytes; a value that is not even base64 is kept as the text it was. */
  private static byte[] rawValue(KafkaRecord record) {
    if (record.value() == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(record.value());
    } catch (IllegalArgumentException e) {
      return utf8(record.value());
    }
  }

  private static String safeKey(KafkaRecord record) {
    try {
      return record.keyText();
    } catch (IllegalArgumentException e) {
      return record.key();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close();
      producer = null;
    }
  }
}
