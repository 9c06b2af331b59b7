package dev.aisle.stream;

import dev.aisle.event.Event;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.state.UserState;
import dev.aisle.storage.UserStateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Applies one Kafka batch of interaction events to the shoppers' user-state: the work of the
 * stream function, whoever invokes it (the MSK event source in AWS, the local poller).
 *
 * <ul>
 *   <li>Poison records go to the dead-letter topic and count as handled; one bad record never
 *       blocks its partition.
 *   <li>Valid events are grouped by shopper (one partition holds all of a shopper's events, in
 *       order); each shopper is read, updated ({@link UserStateUpdater}) and written with an
 *       optimistic lock, shoppers in parallel.
 *   <li>A shopper whose state cannot be written, or a poison record that cannot be dead-lettered,
 *       is reported back as failed records, to be redelivered; redelivered events already applied
 *       are recognized by eventId and not folded twice.
 * </ul>
 */
public final class InteractionBatchHandler implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(InteractionBatchHandler.class);
  private static final int WRITE_ATTEMPTS = 5;

  private final EventDecoder decoder = new EventDecoder();
  private final UserStateStore store;
  private final RealtimeModel model;
  private final DeadLetters deadLetters;
  private final UserStateUpdater updater;
  private final Clock clock;
  private final ExecutorService workers;

  public InteractionBatchHandler(UserStateStore store, RealtimeModel model, DeadLetters deadLetters,
      UserStateUpdater updater, int parallelism, Clock clock) {
    this.store = store;
    this.model = model;
    this.deadLetters = deadLetters;
    this.updater = updater;
    this.clock = clock;
    this.workers = DaemonThreads.fixedPool("aisle-fold-in", parallelism);
  }

  public BatchResponse handle(KafkaEvent event) {
    long started = System.nanoTime();
    Map<String, List<Pending>> byShopper = new LinkedHashMap<>();
    List<KafkaRecord> failed = new ArrayList<>();
    int deadLettered = 0;
    for (List<KafkaRecord> partition : event.records().values()) {
      for (KafkaRecord record : partition) {
        try {
          Event e = decoder.decode(record);
          byShopper.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(new Pending(record, e));
        } catch (PoisonRecord poison) {
          if (deadLetter(record, poison)) {
            deadLettered++;
          } else {
            failed.add(record);
          }
        }
      }
    }

    UserStateUpdater.ModelView view = model.get().orElse(null);
    List<Future<UserStateUpdater.Update>> updates = new ArrayList<>();
    for (Map.Entry<String, List<Pending>> shopper : byShopper.entrySet()) {
      updates.add(workers.submit(applyTask(shopper.getKey(), shopper.getValue(), view)));
    }
    int applied = 0;
    int duplicates = 0;
    int unknownItems = 0;
    int failedShoppers = 0;
    int n = 0;
    for (Map.Entry<String, List<Pending>> shopper : byShopper.entrySet()) {
      try {
        UserStateUpdater.Update update = updates.get(n++).get();
        applied += update.applied();
        duplicates += update.duplicates();
        unknownItems += update.unknownItems();
      } catch (ExecutionException e) {
        failedShoppers++;
        shopper.getValue().forEach(p -> failed.add(p.record()));
        LOG.errorf("event=user_state_failed records=%d error=%s", shopper.getValue().size(), e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while applying a batch", e);
      }
    }
    LOG.infof("event=batch records=%d shoppers=%d applied=%d duplicates=%d unknownItems=%d deadLettered=%d "
            + "failedRecords=%d failedShoppers=%d modelVersion=%s millis=%d",
        event.recordCount(), byShopper.size(), applied, duplicates, unknownItems, deadLettered, failed.size(),
        failedShoppers, view == null ? "none" : view.version(), (System.nanoTime() - started) / 1_000_000);
    return new BatchResponse(failed.stream().map(BatchResponse.ItemFailure::of).toList());
  }

  private Callable<UserStateUpdater.Update> applyTask(String userId, List<Pending> pending,
      UserStateUpdater.ModelView view) {
    List<Event> events = pending.stream().map(Pending::event).toList();
    return () -> apply(userId, events, view);
  }

  /** Read, update, write if nobody wrote in between; else again from the fresh state. */
  private UserStateUpdater.Update apply(String userId, List<Event> events, UserStateUpdater.ModelView view) {
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      UserState previous = store.get(userId).orElse(null);
      UserStateUpdater.Update update = updater.update(userId, previous, events, view, clock.instant());
      if (update.applied() == 0 && previous != null) {
        return update;
      }
      if (store.putIfUnchanged(update.state(), previous)) {
        return update;
      }
    }
    throw new IllegalStateException("user state kept changing during " + WRITE_ATTEMPTS + " attempts");
  }

  private boolean deadLetter(KafkaRecord record, PoisonRecord poison) {
    try {
      deadLetters.send(record, poison);
      LOG.warnf("event=dead_lettered reason=%s topic=%s partition=%d offset=%d", poison.reason(), record.topic(),
          record.partition(), record.offset());
      return true;
    } catch (RuntimeException e) {
      LOG.errorf("event=dead_letter_failed reason=%s topic=%s partition=%d offset=%d error=%s", poison.reason(),
          record.topic(), record.partition(), record.offset(), e.toString());
      return false;
    }
  }

  private record Pending(KafkaRecord record, Event event) {}

  @Override
  public void close() {
    workers.shutdownNow();
    deadLetters.close();
    model.close();
  }
}
