package dev.aisle.demo;

import java.io.PrintStream;
import java.util.Locale;

/** A progress bar: redrawn in place on a terminal, one line per tenth when the output is a log. */
final class Progress {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String what;
  private final long total;
  private final boolean terminal = System.console() != null;
  private final long started = System.nanoTime();
  private int lastTenth = -1;

  Progress(PrintStream out, String what, long total) {
    this.out = out;
    this.what = what;
    this.total = Math.max(1, total);
  }

  synchronized void update(long done) {
    int tenth = (int) (done * 10 / total);
    if (terminal) {
      out.print("\r" + line(done));
    } else if (tenth != lastTenth) {
      out.println(line(done));
    }
    lastTenth = tenth;
  }

  void finish(long done) {
    if (terminal) {
      out.println("\r" + line(done));
    } else if (lastTenth != 10) {
      out.println(line(done));
    }
  }

  double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  private String line(long done) {
    int filled = (int) (done * WIDTH / total);
    double rate = done / Math.max(1e-9, seconds());
    return String.format(
        Locale.ROOT,
        "  [%s%s] %3d%% %,d/%,d %s  %,.0f/s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done * 100 / total,
        done,
        total,
        what,
        rate);
  }
}
