package dev.aisle.storage;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the interactions and dead-letter topics of {@link AisleSettings} when they are missing.
 * Used by the local stack and, with {@code AISLE_PROVISION_TOPICS=true}, by the functions in AWS:
 * MSK Serverless has no CloudFormation resource for topics. Replication is the broker's default
 * (1 on the local broker, 3 on MSK Serverless). Idempotent.
 */
public final class KafkaTopics {

  /** Partitions of the interactions topic: the stream function's parallelism per consumer group. */
  public static final int INTERACTION_PARTITIONS = 4;

  private KafkaTopics() {}

  public static void ensure(AisleSettings settings) {
    try (Admin admin = Admin.create(KafkaClients.common(settings))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = List.of(
              new NewTopic(settings.interactionsTopic(), Optional.of(INTERACTION_PARTITIONS), Optional.empty()),
              new NewTopic(settings.deadLetterTopic(), Optional.of(1), Optional.empty()))
          .stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create Kafka topics: " + e.getCause().getMessage(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics", e);
    }
  }
}
