package dev.aisle.als;

import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * ALS sweeps on a small random matrix before a process's first real fit, so the JIT has compiled
 * the solver's hot loops (the Vector API kernels among them) before the real data reaches them.
 * Uncompiled, a process's first two sweeps cost as much CPU as the eight after them
 * (docs/trainer.md); on the warm-up's matrix, a tenth of a typical shop's size, the slow phase is
 * short.
 *
 * <p>A job starts it with {@link #startInBackground} as soon as it knows its ALS settings, so it
 * runs on a daemon thread while the job reads its data (one core's worth: a load leaves the other
 * idle or waits on I/O), and every fit calls {@link #awaitOrRun} first: it waits for that thread,
 * or runs the warm-up itself when none was started. Once per process; the warm-up's factors are
 * thrown away, and a real fit's results do not depend on it (the kernels give the same sums bit for
 * bit, compiled or not).
 */
public final class JitWarmUp {

  /**
   * More shoppers than {@link ImplicitSolver#GATHER_LIMIT}: one item has them all, so the solve's
   * branch for a long row (read in place) is compiled too, as a popular item's needs.
   */
  static final int USERS = 5_000;

  static final int ITEMS = 500;
  static final int PAIRS_PER_USER = 8;

  /** Sweeps until one costs no more than this times the one before (the JIT has caught up). */
  static final double SETTLED = 1.25;

  static final int MIN_SWEEPS = 3;
  static final int MAX_SWEEPS = 12;

  /** Guards {@link #started} and {@link #reported}. */
  private static final Object LOCK = new Object();

  /** Held while the warm-up runs; {@link #summary} is written under it. */
  private static final Object RUN = new Object();

  private static boolean started;
  private static boolean reported;
  private static volatile Summary summary;

  private JitWarmUp() {}

  /** What a finished warm-up did: its sweeps, its wall time and whether it ran beside the load. */
  public record Summary(int sweeps, double seconds, boolean background) {}

  /**
   * Starts the warm-up on a daemon thread with {@code params}' factors and solver (one worker
   * thread), unless one has started or run in this process; returns at once.
   */
  public static void startInBackground(AlsParameters params) {
    synchronized (LOCK) {
      if (started) {
        return;
      }
      started = true;
    }
    Thread thread = new Thread(() -> run(params.withThreads(1), true), "aisle-als-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Returns once this process's warm-up has finished: waits for the background one, or runs it on
   * the calling thread (with {@code params}' threads) when none was started. The first call that
   * finds it finished tells {@code progress} what it did.
   *
   * @return the seconds spent here, waiting or running
   */
  public static double awaitOrRun(AlsParameters params, Consumer<String> progress) {
    long began = System.nanoTime();
    synchronized (LOCK) {
      started = true;
    }
    Summary done = run(params, false);
    double seconds = (System.nanoTime() - began) / 1e9;
    synchronized (LOCK) {
      if (!reported) {
        reported = true;
        progress.accept(
            String.format(
                Locale.ROOT,
                "jit warm-up: %d sweeps on %d x %d in %.2f s%s; the fit waited %.2f s",
                done.sweeps(),
                USERS,
                ITEMS,
                done.seconds(),
                done.background() ? " beside the data load" : "",
                seconds));
      }
    }
    return seconds;
  }

  /** The finished warm-up's summary, or null while none has finished. */
  public static Summary summary() {
    return summary;
  }

  /** Runs the warm-up unless it has run; one at a time (a second caller waits for the first). */
  private static Summary run(AlsParameters params, boolean background) {
    synchronized (RUN) {
      if (summary != null) {
        return summary;
      }
      long began = System.nanoTime();
      int[] sweeps = {0};
      double[] previous = {Double.MAX_VALUE};
      ImplicitAls.fit(
          matrix(),
          params.withIterations(MAX_SWEEPS),
          it -> {
            sweeps[0] = it.number();
            boolean settled = it.number() >= MIN_SWEEPS && it.seconds() <= SETTLED * previous[0];
            previous[0] = it.seconds();
            return !settled;
          });
      summary = new Summary(sweeps[0], (System.nanoTime() - began) / 1e9, background);
      return summary;
    }
  }

  /** Random weights 1–4, {@link #PAIRS_PER_USER} items per shopper, every shopper on item 0. */
  static InteractionMatrix matrix() {
    Random random = new Random(1);
    int n = USERS * PAIRS_PER_USER;
    int[] r = new int[n];
    int[] c = new int[n];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      r[i] = i / PAIRS_PER_USER;
      c[i] = i % PAIRS_PER_USER == 0 ? 0 : 1 + random.nextInt(ITEMS - 1);
      w[i] = 1 + random.nextInt(4);
    }
    return InteractionMatrix.fromTriplets(USERS, ITEMS, r, c, w, n);
  }
}
