package dev.aisle.parallel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads for Aisle's own pools: the name says in a thread dump what the thread is
 * for, and a daemon never keeps a CLI or a Lambda runtime alive after its work is done.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A fixed pool of at least one such thread. */
  public static ExecutorService fixedPool(String name, int threads) {
    return Executors.newFixedThreadPool(Math.max(1, threads), named(name));
  }
}
