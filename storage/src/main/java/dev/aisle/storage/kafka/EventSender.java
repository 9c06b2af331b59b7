package dev.aisle.storage.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aisle.event.Event;
import dev.aisle.json.Json;
import dev.aisle.storage.AisleSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to the interactions topic (key userId, value the event's JSON) and waits, for a
 * bounded time, for the broker's acknowledgements: a request never hangs on a missing broker.
 *
 * <p>After a failure the sender reports itself {@link #unavailable()} for a cool-down, so that
 * callers can skip the wait and put events straight into the outbox while the broker is down; the
 * outbox relay keeps calling {@link #send} and closes the cool-down on its first success.
 */
public final class EventSender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);

  private final Producer<String, String> producer;
  private final String topic;
  private final Duration timeout;
  private final Duration coolDown;
  private final Clock clock;
  private volatile long unavailableUntilMillis;

  public EventSender(
      Producer<String, String> producer,
      String topic,
      Duration timeout,
      Duration coolDown,
      Clock clock) {
    this.producer = producer;
    this.topic = topic;
    this.timeout = timeout;
    this.coolDown = coolDown;
    this.clock = clock;
  }

  /** A sender with its own producer for {@code settings}, bounded by {@code timeout}. */
  public static EventSender create(AisleSettings settings, Duration timeout, Duration coolDown) {
    return new EventSender(
        new KafkaProducer<>(producerProperties(settings, timeout)),
        settings.interactionsTopic(),
        timeout,
        coolDown,
        Clock.systemUTC());
  }

  /**
   * The product's durable producer settings, with every wait bounded by {@code timeout}: metadata
   * (max.block.ms), one request, and the whole delivery including retries.
   */
  public static Properties producerProperties(AisleSettings settings, Duration timeout) {
    Properties props = KafkaClients.producer(settings);
    long millis = Math.max(1000, timeout.toMillis());
    long linger = Long.parseLong(props.getProperty(ProducerConfig.LINGER_MS_CONFIG, "0"));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(millis));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(millis));
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(millis - linger));
    props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    return props;
  }

  /**
   * Sends every event and waits at most the timeout for all acknowledgements.
   *
   * @return the events the broker did not acknowledge in time (empty when all were published)
   */
  public List<Event> send(List<Event> events) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
    RuntimeException sendFailure = null;
    for (Event event : events) {
      if (sendFailure != null) {
        sends.add(null);
        continue;
      }
      try {
        Future<RecordMetadata> send =
            producer.send(new ProducerRecord<>(topic, event.userId(), json(event)));
        sends.add(send);
        Throwable early = send.isDone() ? await(send, deadline) : null;
        if (early != null) {
          // failed before sending, typically no metadata within max.block.ms (broker unreachable):
          // every further send would block as long
          sendFailure = early instanceof RuntimeException r ? r : new IllegalStateException(early);
        }
      } catch (RuntimeException e) {
        sendFailure = e;
        sends.add(null);
      }
    }
    List<Event> failed = new ArrayList<>();
    Throwable cause = sendFailure;
    for (int i = 0; i < events.size(); i++) {
      Throwable problem = sends.get(i) == null ? sendFailure : await(sends.get(i), deadline);
      if (problem != null) {
        failed.add(events.get(i));
        cause = cause == null ? problem : cause;
      }
    }
    if (failed.isEmpty()) {
      unavailableUntilMillis = 0;
    } else {
      unavailableUntilMillis = clock.millis() + coolDown.toMillis();
      LOG.warn(
          "kafka publish failed topic={} failed={} of={} cause=\"{}\"",
          topic,
          failed.size(),
          events.size(),
          cause);
    }
    return failed;
  }

  /**
   * Sends an erasure command, keyed by the shopper's id like their events, and waits at most the
   * timeout for the acknowledgement.
   *
   * @return false when the broker did not acknowledge it (the caller may retry: the command is
   *     idempotent)
   */
  public boolean send(ErasureCommand command) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(
            topic,
            command.userId(),
            new String(command.toJson(), java.nio.charset.StandardCharsets.UTF_8));
    record
        .headers()
        .add(
            ErasureCommand.HEADER,
            ErasureCommand.ERASURE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      Throwable problem = await(producer.send(record), System.nanoTime() + timeout.toNanos());
      if (problem != null) {
        LOG.warn(
            "kafka publish of an erasure command failed topic={} cause=\"{}\"",
            topic,
            problem.toString());
      }
      return problem == null;
    } catch (RuntimeException e) {
      LOG.warn(
          "kafka publish of an erasure command failed topic={} cause=\"{}\"", topic, e.toString());
      return false;
    }
  }

  /** True within the cool-down after a failed send. */
  public boolean unavailable() {
    return clock.millis() < unavailableUntilMillis;
  }

  @Override
  public void close() {
    producer.close(timeout);
  }

  private static Throwable await(Future<RecordMetadata> send, long deadlineNanos) {
    try {
      send.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }

  private static String json(Event event) {
    try {
      return Json.mapper().writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode event " + event.eventId(), e);
    }
  }
}
