package dev.aisle.storage.kafka;

import dev.aisle.storage.AisleSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the interactions and dead-letter topics of {@link AisleSettings} when they are missing.
 * Used by the local stack and, with {@code AISLE_PROVISION_TOPICS=true}, by the functions in AWS
 * (MSK Serverless has no CloudFormation resource for topics), where it runs in the background after
 * start: no request ever waits for it. Replication is the broker's default (1 on the local broker,
 * 3 on MSK Serverless). Idempotent; every wait is bounded by the timeout. A topic it created is
 * returned only once every partition has a leader: a completed create does not mean the brokers
 * serve it yet, and a first send into that gap is refused.
 */
public final class KafkaTopics {

  /** Partitions of the interactions topic: the stream function's parallelism per consumer group. */
  public static final int INTERACTION_PARTITIONS = 4;

  /** How long {@link #ensure(AisleSettings)} waits for the broker. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private static final long LEADER_POLL_MILLIS = 50;

  private KafkaTopics() {}

  public static void ensure(AisleSettings settings) {
    ensure(settings, DEFAULT_TIMEOUT);
  }

  /**
   * @throws IllegalStateException when the broker does not answer within {@code timeout}
   */
  public static void ensure(AisleSettings settings, Duration timeout) {
    Properties props = KafkaClients.common(settings);
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, timeout.toMillis()));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS);
      List<NewTopic> missing =
          List.of(
                  new NewTopic(
                      settings.interactionsTopic(),
                      Optional.of(INTERACTION_PARTITIONS),
                      Optional.empty()),
                  new NewTopic(settings.deadLetterTopic(), Optional.of(1), Optional.empty()))
              .stream()
              .filter(t -> !existing.contains(t.name()))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(millis, TimeUnit.MILLISECONDS);
        awaitLeaders(
            admin,
            missing.stream().map(NewTopic::name).toList(),
            System.nanoTime() + timeout.toNanos());
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create Kafka topics: " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("the Kafka broker did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics", e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> topics, long deadlineNanos)
      throws InterruptedException, TimeoutException {
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(
                    Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000),
                    TimeUnit.MILLISECONDS);
        boolean led =
            described.values().stream()
                .allMatch(
                    d ->
                        d.partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (led) {
          return;
        }
      } catch (ExecutionException e) {
        // UnknownTopicOrPartition until the metadata reaches the broker that answers: ask again
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new TimeoutException("partitions without a leader: " + topics);
      }
      Thread.sleep(LEADER_POLL_MILLIS);
    }
  }
}
