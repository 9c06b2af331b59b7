package dev.aisle.api.ingest;

import dev.aisle.parallel.DaemonThreads;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The outbox relay of this container, on a background thread: every {@code
 * aisle.ingest.relay-interval} it decides whether a run is worth its queries, and runs one when
 * this container left events in the outbox that are now due, when the last run could not drain
 * (Kafka failing, more than a run's worth), or when {@code aisle.ingest.relay-sweep} has passed
 * (entries of processes that died). In Lambda the thread runs while the container handles requests
 * (it is frozen in between); the scheduled {@code outbox-relay} invocation covers the rest.
 */
@ApplicationScoped
class OutboxRelayTask {

  private static final Logger LOG = Logger.getLogger(OutboxRelayTask.class);
  private static final long NONE = Long.MAX_VALUE;

  private final OutboxRelayRunner runner;
  private final Duration interval;
  private final long sweepMillis;
  private final long relayAfterMillis;
  private final Clock clock = Clock.systemUTC();
  private ScheduledExecutorService scheduler;
  private String lastProblem;
  private long lastRunAt;
  private boolean behind;

  /**
   * Acceptance times of the oldest and newest request of this container that left events in the
   * outbox.
   */
  private long earliestLeft = NONE;

  private long latestLeft = Long.MIN_VALUE;

  OutboxRelayTask(OutboxRelayRunner runner, IngestConfig config) {
    this.runner = runner;
    this.interval = config.relayInterval();
    this.sweepMillis = config.relaySweep().toMillis();
    this.relayAfterMillis = config.relayAfter().toMillis();
  }

  void start(@Observes StartupEvent started) {
    if (interval.isZero() || interval.isNegative()) {
      return;
    }
    lastRunAt = clock.millis();
    scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("outbox-relay"));
    scheduler.scheduleWithFixedDelay(
        this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A request accepted at {@code acceptedAt} left events in the outbox: relay them once they are
   * due.
   */
  synchronized void expect(Instant acceptedAt) {
    earliestLeft = Math.min(earliestLeft, acceptedAt.toEpochMilli());
    latestLeft = Math.max(latestLeft, acceptedAt.toEpochMilli());
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

  private void tick() {
    long now = clock.millis();
    if (!worthARun(now)) {
      return;
    }
    long cut = now - relayAfterMillis;
    try {
      boolean drained = runner.run(false).run().drained();
      handled(now, cut, drained);
      lastProblem = null;
    } catch (RuntimeException e) {
      synchronized (this) {
        behind = true;
        lastRunAt = now;
      }
      // logged once per distinct problem: the relay retries every interval
      String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!problem.equals(lastProblem)) {
        LOG.warnf("outbox relay failed, retrying every %s cause=\"%s\"", interval, problem);
        lastProblem = problem;
      }
    }
  }

  private synchronized boolean worthARun(long now) {
    return behind
        || now - lastRunAt >= sweepMillis
        || earliestLeft != NONE && earliestLeft + relayAfterMillis <= now;
  }

  /**
   * After a run that started at {@code now}: entries accepted before {@code cut} were handled if it
   * drained.
   */
  private synchronized void handled(long now, long cut, boolean drained) {
    lastRunAt = now;
    behind = !drained;
    if (!drained) {
      return;
    }
    if (latestLeft < cut) {
      earliestLeft = NONE;
      latestLeft = Long.MIN_VALUE;
    } else if (earliestLeft < cut) {
      // the later ones are not due yet; none is older than the cut
      earliestLeft = cut;
    }
  }
}
