package dev.aisle.stream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aisle.json.Json;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.kafka.KafkaClients;
import dev.aisle.stream.BatchResponse;
import dev.aisle.stream.KafkaEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The local twin of Lambda's Kafka event source mapping: a consumer in a group on the interactions
 * topic that hands each poll, as the same event JSON, to the stream function and commits offsets
 * only after the function answered.
 *
 * <ul>
 *   <li>Success: the offsets after the batch are committed.
 *   <li>Partial failure ({@code batchItemFailures}): per partition, the lowest failed offset is
 *       committed and the consumer seeks back to it, so that record and every later one are
 *       delivered again (events already applied are recognized by eventId).
 *   <li>The function throws, or answers with identifiers Lambda could not read ({@link
 *       PartialBatchAnswer}): nothing is committed and the whole batch is delivered again, after a
 *       back-off that doubles up to ten times the base.
 * </ul>
 *
 * A crash between the function's answer and the commit redelivers the batch: at least once, as with
 * Lambda.
 */
public final class EventSourcePoller implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventSourcePoller.class);
  private static final ObjectMapper JSON = Json.mapper();
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final AisleSettings settings;
  private final String groupId;
  private final int batchSize;
  private final Duration retryBackoff;
  private final Function<KafkaEvent, BatchResponse> function;
  private final KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running = true;
  private Thread thread;

  public EventSourcePoller(
      AisleSettings settings,
      String groupId,
      int batchSize,
      Duration retryBackoff,
      Function<KafkaEvent, BatchResponse> function) {
    this.settings = settings;
    this.groupId = groupId;
    this.batchSize = batchSize;
    this.retryBackoff = retryBackoff;
    this.function = function;
    Properties props = KafkaClients.consumer(settings, groupId);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "aisle-stream-poller-" + groupId);
    this.consumer = new KafkaConsumer<>(props);
  }

  /** Starts polling on a thread of its own. */
  public synchronized EventSourcePoller start() {
    if (thread == null) {
      thread = new Thread(this::run, "aisle-event-source-poller");
      thread.start();
    }
    return this;
  }

  private void run() {
    LOG.infof(
        "event=poller_started topic=%s group=%s batchSize=%d",
        settings.interactionsTopic(), groupId, batchSize);
    Duration backoff = retryBackoff;
    try {
      consumer.subscribe(List.of(settings.interactionsTopic()));
      while (running) {
        ConsumerRecords<String, byte[]> polled = consumer.poll(POLL_TIMEOUT);
        if (polled.isEmpty()) {
          continue;
        }
        PartialBatchAnswer answer;
        try {
          answer =
              PartialBatchAnswer.read(
                  invoke(KafkaEvents.of(polled, settings.kafkaBootstrap())), delivered(polled));
        } catch (RuntimeException e) {
          LOG.errorf(
              "event=invocation_failed records=%d retryInMillis=%d error=%s",
              polled.count(), backoff.toMillis(), e.toString());
          rewind(polled);
          pause(backoff);
          backoff = next(backoff);
          continue;
        }
        if (!answer.isValid()) {
          // Lambda retries the whole batch when it cannot read an identifier: so does the twin
          LOG.errorf(
              "event=invalid_batch_answer records=%d retryInMillis=%d reason=%s",
              polled.count(), backoff.toMillis(), answer.invalid());
          rewind(polled);
          pause(backoff);
          backoff = next(backoff);
          continue;
        }
        if (commit(polled, answer)) {
          backoff = retryBackoff;
        } else {
          pause(backoff);
          backoff = next(backoff);
        }
      }
    } catch (RuntimeException e) {
      LOG.errorf("event=poller_stopped error=%s", e.toString());
    } finally {
      consumer.close();
      LOG.infof("event=poller_closed group=%s", groupId);
    }
  }

  /**
   * The function sees the event exactly as JSON would bring it, like a Lambda invocation, and its
   * answer comes back as JSON, read by the documented contract ({@link PartialBatchAnswer}), not by
   * the function's own classes.
   */
  private JsonNode invoke(KafkaEvent event) {
    try {
      byte[] payload = JSON.writeValueAsBytes(event);
      BatchResponse response = function.apply(JSON.readValue(payload, KafkaEvent.class));
      return JSON.readTree(JSON.writeValueAsBytes(response));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the Kafka event or the answer", e);
    }
  }

  private static Map<String, Set<Long>> delivered(ConsumerRecords<String, byte[]> polled) {
    Map<String, Set<Long>> offsets = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : polled) {
      offsets
          .computeIfAbsent(record.topic() + "-" + record.partition(), p -> new HashSet<>())
          .add(record.offset());
    }
    return offsets;
  }

  /** Commits what succeeded; returns false when some records are to be delivered again. */
  private boolean commit(ConsumerRecords<String, byte[]> polled, PartialBatchAnswer answer) {
    Map<String, Long> lowestFailed = answer.lowestFailed();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : polled.partitions()) {
      List<ConsumerRecord<String, byte[]>> records = polled.records(partition);
      Long failed = lowestFailed.get(partition.topic() + "-" + partition.partition());
      long next = failed != null ? failed : records.get(records.size() - 1).offset() + 1;
      offsets.put(partition, new OffsetAndMetadata(next));
      if (failed != null) {
        consumer.seek(partition, failed);
      }
    }
    try {
      consumer.commitSync(offsets);
    } catch (KafkaException e) {
      // lost the partition to a rebalance: its next owner redelivers from the last commit
      LOG.warnf("event=commit_failed error=%s", e.toString());
    }
    if (!lowestFailed.isEmpty()) {
      LOG.warnf("event=redeliver partitions=%s", lowestFailed.keySet());
      return false;
    }
    return true;
  }

  private void rewind(ConsumerRecords<String, byte[]> polled) {
    for (TopicPartition partition : polled.partitions()) {
      consumer.seek(partition, polled.records(partition).get(0).offset());
    }
  }

  private Duration next(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    Duration cap = retryBackoff.multipliedBy(10);
    return doubled.compareTo(cap) > 0 ? cap : doubled;
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops polling, lets the batch in hand finish and commit, and leaves the group. */
  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      consumer.close();
    }
  }
}
