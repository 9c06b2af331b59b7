package dev.aisle.api.serving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Per-shopper reads that must not fail a recommendation: when a store does not answer, the answer
 * degrades (no fresh vector, no recent purchases, no attributes) instead of turning into a 500.
 * Each kind of read logs its first failure and its recovery, not every failing request.
 */
final class DegradedLookups {

  private static final Logger LOG = Logger.getLogger(DegradedLookups.class);

  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

  <T> T read(String what, Supplier<T> read, T fallback) {
    try {
      T value = read.get();
      if (failing.remove(what) != null) {
        LOG.infof("event=lookup_recovered what=%s", what);
      }
      return value;
    } catch (RuntimeException e) {
      if (failing.putIfAbsent(what, Boolean.TRUE) == null) {
        LOG.warnf("event=lookup_failed what=%s error=%s", what, e);
      }
      return fallback;
    }
  }
}
