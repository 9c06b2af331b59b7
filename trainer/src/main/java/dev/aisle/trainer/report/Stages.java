package dev.aisle.trainer.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The run's stages as they happen: wall time, rows handled, and the peak heap in use during each
 * (sampled every few milliseconds by a daemon thread: live data plus not yet collected garbage,
 * so what a smaller -Xmx would have to hold is at most this). One line per stage goes to progress;
 * the report gets the table.
 */
public final class Stages implements AutoCloseable {

  private static final long SAMPLE_MS = 5;

  /** One finished stage. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Stage(String name, double seconds, long rows, String unit, long peakHeapBytes, String note) {

    public double rowsPerSecond() {
      return seconds > 0 ? rows / seconds : 0;
    }
  }

  private final Consumer<String> progress;
  private final List<Stage> done = new ArrayList<>();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  public Stages(Consumer<String> progress) {
    this.progress = progress;
    this.sampler = new Thread(this::sample, "aisle-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Runs one stage; {@code rows} is asked after it ran (how many rows or events it handled). */
  public <T> T run(String name, String unit, Supplier<T> work, java.util.function.ToLongFunction<T> rows) {
    long started = begin();
    T result = work.get();
    end(name, started, rows.applyAsLong(result), unit, null);
    return result;
  }

  public void run(String name, String unit, long rows, Runnable work) {
    long started = begin();
    work.run();
    end(name, started, rows, unit, null);
  }

  /** Starts timing a stage by hand: pass the returned start to {@link #end}. */
  public long begin() {
    peak.set(used());
    return System.nanoTime();
  }

  /** The peak heap in use since the last {@link #begin}. */
  public long peak() {
    return Math.max(peak.get(), used());
  }

  public void end(String name, long startedNanos, long rows, String unit, String note) {
    add(new Stage(name, (System.nanoTime() - startedNanos) / 1e9, rows, unit, Math.max(peak.get(), used()), note));
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
      m.put(s.unit() == null ? "rows" : s.unit(), s.rows());
      m.put("perSecond", Math.round(s.rowsPerSecond()));
      m.put("peakHeapMb", Math.round(s.peakHeapBytes() / 1048576.0));
      if (s.note() != null) {
        m.put("note", s.note());
      }
      rows.add(m);
    }
    return rows;
  }

  public static String line(Stage s) {
    return String.format(Locale.ROOT, "stage %-10s %8.2f s  %,14d %-7s %,12.0f/s  peak heap %,7.0f MB%s", s.name(),
        s.seconds(), s.rows(), s.unit() == null ? "rows" : s.unit(), s.rowsPerSecond(), s.peakHeapBytes() / 1048576.0,
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
  }
}
