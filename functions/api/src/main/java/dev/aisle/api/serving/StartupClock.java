package dev.aisle.api.serving;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Where a cold start stands: milliseconds since this JVM started and the CPU time the process has
 * used so far, for the start's log lines (Quarkus up, model read, model served, first answer). The
 * JVM's own start time is the reference, so the phases add up to what a caller of a fresh container
 * waits; the CPU time shows how much of it was work rather than waiting on a busy machine.
 */
final class StartupClock {

  private StartupClock() {}

  /** Milliseconds since the JVM started (its own record of its start, millisecond precision). */
  static long sinceJvmStartMillis() {
    return System.currentTimeMillis() - JvmStart.MILLIS;
  }

  /**
   * CPU time (user + system, all threads) of this process so far in milliseconds; -1 where unknown.
   */
  static long cpuMillis() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
  }

  /** Read once, on first use (it loads the management classes). */
  private static final class JvmStart {
    static final long MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();
  }
}
