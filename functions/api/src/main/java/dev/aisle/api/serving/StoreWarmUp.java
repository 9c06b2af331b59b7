package dev.aisle.api.serving;

import dev.aisle.parallel.DaemonThreads;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.UserStateStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Readies the DynamoDB client while the model loads: a container's first DynamoDB call loads the
 * SDK's classes and opens a connection, and the first recommendation makes its user-state and
 * events reads right after the model is in. One user-state read of an id no shopper has ({@value
 * #PROBE}), on a daemon thread at start, takes that cost out of the first answer. Runs with the
 * model preload only (aisle.serving.preload).
 */
@ApplicationScoped
class StoreWarmUp {

  private static final Logger LOG = Logger.getLogger(StoreWarmUp.class);

  /** An id the api never accepts from a shopper (ids are checked; this one names the purpose). */
  static final String PROBE = "aisle-warm-up-probe";

  private final AisleSettings settings;

  /** Resolved on the warm-up thread: building the client is part of what is taken off the start. */
  private final Instance<DynamoDbClient> dynamo;

  private final boolean enabled;

  StoreWarmUp(AisleSettings settings, Instance<DynamoDbClient> dynamo, ServingConfig config) {
    this.settings = settings;
    this.dynamo = dynamo;
    this.enabled = config.preload();
  }

  void start(@Observes StartupEvent event) {
    if (enabled) {
      DaemonThreads.named("aisle-store-warm-up").newThread(this::warmUp).start();
    }
  }

  private void warmUp() {
    long started = System.nanoTime();
    try {
      new UserStateStore(dynamo.get(), settings.userStateTable()).get(PROBE);
      LOG.infof(
          "event=startup_phase phase=store_ready millis=%d sinceJvmStartMillis=%d cpuMillis=%d",
          (System.nanoTime() - started) / 1_000_000,
          StartupClock.sinceJvmStartMillis(),
          StartupClock.cpuMillis());
    } catch (RuntimeException e) {
      // the first request makes the same call with its own timeouts and fallbacks
      LOG.infof("event=store_warm_up_failed error=%s", e.toString());
    }
  }
}
