package dev.aisle.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void poolThreadsAreNamedDaemons() throws Exception {
    ExecutorService pool = DaemonThreads.fixedPool("aisle-test", 0);
    try {
      Thread thread = pool.submit(Thread::currentThread).get();
      assertThat(thread.getName()).isEqualTo("aisle-test");
      assertThat(thread.isDaemon()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
