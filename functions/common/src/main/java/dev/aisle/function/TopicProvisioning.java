package dev.aisle.function;

import dev.aisle.parallel.DaemonThreads;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.kafka.KafkaTopics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Creates the Kafka topics when {@code aisle.provision-topics} is set (MSK Serverless has no
 * CloudFormation resource for topics), on a background thread after start, retrying with capped
 * backoff until the broker answers: a broker that is away delays the topics, never a request. The
 * read routes do not touch Kafka at all; events accepted meanwhile wait in the outbox.
 */
@ApplicationScoped
class TopicProvisioning {

  private static final Logger LOG = Logger.getLogger(TopicProvisioning.class);
  private static final Duration ATTEMPT = Duration.ofSeconds(10);
  private static final Duration MAX_PAUSE = Duration.ofMinutes(1);

  private final AisleConfig config;

  TopicProvisioning(AisleConfig config) {
    this.config = config;
  }

  void start(@Observes StartupEvent started) {
    // the local build provisions everything, topics included, before it serves (Provisioner)
    if (config.provisionTopics() && !config.provision()) {
      DaemonThreads.named("aisle-topic-provisioning")
          .newThread(() -> provision(config.settings()))
          .start();
    }
  }

  private static void provision(AisleSettings settings) {
    Duration pause = Duration.ofSeconds(1);
    for (int attempt = 1; ; attempt++) {
      try {
        KafkaTopics.ensure(settings, ATTEMPT);
        LOG.infof(
            "provisioned Kafka topics %s and %s attempts=%d",
            settings.interactionsTopic(), settings.deadLetterTopic(), attempt);
        return;
      } catch (RuntimeException e) {
        LOG.warnf(
            "Kafka topics not provisioned yet, retrying in %s attempt=%d cause=\"%s\"",
            pause, attempt, e.getMessage());
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }
}
