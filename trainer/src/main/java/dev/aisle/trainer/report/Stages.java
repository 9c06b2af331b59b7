package dev.aisle.trainer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The run's stages as they happen: wall time, rows handled, and two heap figures per stage: the
 * peak heap in use (sampled every few milliseconds: live data plus garbage not yet collected, which
 * grows with whatever -Xmx allows) and the peak left after a garbage collection during the stage
 * (what the stage really holds, up to old garbage a young collection leaves; absent when no
 * collection ran). Also the process's CPU time during the stage: on a machine shared with other
 * work, wall time says little, and CPU time over the cores is what the stage would take alone. One
 * line per stage goes to progress; the report gets the table.
 */
public final class Stages implements AutoCloseable {

  private static final long SAMPLE_MS = 5;

  /** One finished stage. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Stage(
      String name,
      double seconds,
      double cpuSeconds,
      long rows,
      String unit,
      long peakHeapBytes,
      long afterGcBytes,
      String note) {

    public double rowsPerSecond() {
      return seconds > 0 ? rows / seconds : 0;
    }
  }

  private final Consumer<String> progress;
  private final List<Stage> done = new ArrayList<>();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong afterGc = new AtomicLong();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private volatile long cpuAtBegin;
  private final Thread sampler;
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private volatile boolean running = true;

  public Stages(Consumer<String> progress) {
    this.progress = progress;
    this.sampler = new Thread(this::sample, "aisle-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    listenToCollections();
  }

  /** After every collection: the heap's usage after it, the stage's peak of which is kept. */
  private void listenToCollections() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener listener =
            (notification, handback) -> {
              if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  notification.getType())) {
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long used =
                    info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed)
                        .sum();
                afterGc.accumulateAndGet(used, Math::max);
              }
            };
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (ListenerNotFoundException ignored) {
                // already gone
              }
            });
      }
    }
  }

  /** Starts timing a stage: pass the returned start to {@link #end}. */
  public long begin() {
    peak.set(used());
    afterGc.set(0);
    cpuAtBegin = os.getProcessCpuTime();
    return System.nanoTime();
  }

  /** Process CPU seconds since the last {@link #begin}. */
  public double cpuSeconds() {
    return (os.getProcessCpuTime() - cpuAtBegin) / 1e9;
  }

  /** The peak heap in use since the last {@link #begin}. */
  public long peak() {
    return Math.max(peak.get(), used());
  }

  /** The peak heap left after a collection since the last {@link #begin} (0: none ran). */
  public long peakAfterGc() {
    return afterGc.get();
  }

  public void end(String name, long startedNanos, long rows, String unit, String note) {
    add(
        new Stage(
            name,
            (System.nanoTime() - startedNanos) / 1e9,
            cpuSeconds(),
            rows,
            unit,
            peak(),
            afterGc.get(),
            note));
  }

  /** A stage measured elsewhere (e.g. a share of another stage's time). */
  public void add(Stage stage) {
    synchronized (done) {
      done.add(stage);
    }
    progress.accept(line(stage));
  }

  public List<Stage> stages() {
    synchronized (done) {
      return List.copyOf(done);
    }
  }

  /** The stages as the report stores them. */
  public List<Map<String, Object>> toReport() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Stage s : stages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("stage", s.name());
      m.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
      m.put("cpuSeconds", Math.round(s.cpuSeconds() * 1000) / 1000.0);
      m.put(s.unit() == null ? "rows" : s.unit(), s.rows());
      m.put("perSecond", Math.round(s.rowsPerSecond()));
      m.put("peakHeapMb", Math.round(s.peakHeapBytes() / 1048576.0));
      if (s.afterGcBytes() > 0) {
        m.put("peakAfterGcMb", Math.round(s.afterGcBytes() / 1048576.0));
      }
      if (s.note() != null) {
        m.put("note", s.note());
      }
      rows.add(m);
    }
    return rows;
  }

  public static String line(Stage s) {
    return String.format(
        Locale.ROOT,
        "stage %-10s %8.2f s (cpu %7.2f s) %,14d %-8s %,12.0f/s  heap %,7.0f MB, after GC %s%s",
        s.name(),
        s.seconds(),
        s.cpuSeconds(),
        s.rows(),
        s.unit() == null ? "rows" : s.unit(),
        s.rowsPerSecond(),
        s.peakHeapBytes() / 1048576.0,
        s.afterGcBytes() > 0
            ? String.format(Locale.ROOT, "%,.0f MB", s.afterGcBytes() / 1048576.0)
            : "-",
        s.note() == null ? "" : "  (" + s.note() + ")");
  }

  private long used() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  private void sample() {
    while (running) {
      long now = used();
      peak.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    unsubscribe.forEach(Runnable::run);
  }
}
