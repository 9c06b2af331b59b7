package dev.aisle.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.catalog.Item;
import dev.aisle.event.EventType;
import dev.aisle.trainer.hygiene.HygieneReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LoadedDataTest {

  private static final int THREADS = 4;
  private static final int ROWS_PER_THREAD = 20_000;

  /** The events table's reader calls the sink from one thread per scan segment: nothing is lost. */
  @Test
  void collectsEveryRowOfASourceThatCallsTheSinkFromSeveralThreads() {
    LoadedData data = LoadedData.collect(new ThreadedSource());

    assertThat(data.interactions()).hasSize(THREADS * ROWS_PER_THREAD);
    assertThat(data.interactions().stream().map(Interaction::userId).distinct().count())
        .isEqualTo(THREADS * ROWS_PER_THREAD);
  }

  private static final class ThreadedSource implements InteractionSource {
    @Override
    public String name() {
      return "threaded";
    }

    @Override
    public boolean hasAcceptTime() {
      return false;
    }

    @Override
    public long read(Instant after, Instant cut, HygieneReport report, Consumer<Interaction> sink) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Thread worker =
            new Thread(
                () -> {
                  for (int n = 0; n < ROWS_PER_THREAD; n++) {
                    sink.accept(
                        new Interaction(
                            "u" + thread + "-" + n, "i" + n, EventType.VIEW, n, Double.NaN));
                  }
                });
        worker.start();
        threads.add(worker);
      }
      for (Thread thread : threads) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return ROWS_PER_THREAD;
    }

    @Override
    public Map<String, Item> catalog() {
      return Map.of();
    }
  }
}
