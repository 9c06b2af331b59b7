package dev.aisle.api.ingest;

import dev.aisle.storage.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the outbox relay every {@code aisle.ingest.relay-interval} on a background thread. In
 * Lambda the thread runs while the container handles requests (it is frozen in between), which is
 * when events can land in the outbox.
 */
@ApplicationScoped
class OutboxRelayTask {

  private static final Logger LOG = Logger.getLogger(OutboxRelayTask.class);

  private final Instance<OutboxRelay> relay;
  private final Duration interval;
  private ScheduledExecutorService scheduler;
  private String lastProblem;

  OutboxRelayTask(Instance<OutboxRelay> relay, IngestConfig config) {
    this.relay = relay;
    this.interval = config.relayInterval();
  }

  void start(@Observes StartupEvent started) {
    if (interval.isZero() || interval.isNegative()) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "outbox-relay");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::relayOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent stopping) {
    if (scheduler == null) {
      return;
    }
    // let a running pass finish: an interrupt aborts its requests half-sent, which a local
    // DynamoDB server (dynalite) does not survive
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("outbox relay still running at shutdown; stopping it");
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void relayOnce() {
    try {
      OutboxRelay.Pass pass = relay.get().relayOnce();
      if (pass.relayed() > 0) {
        LOG.infof("outbox relayed=%d drained=%s", pass.relayed(), pass.drained());
      }
      lastProblem = null;
    } catch (RuntimeException e) {
      // logged once per distinct problem: the relay retries every interval
      String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!problem.equals(lastProblem)) {
        LOG.warnf("outbox relay failed, retrying every %s cause=\"%s\"", interval, problem);
        lastProblem = problem;
      }
    }
  }
}
