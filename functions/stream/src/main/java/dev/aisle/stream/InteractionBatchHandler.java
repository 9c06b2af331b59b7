package dev.aisle.stream;

import dev.aisle.event.Event;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.state.UserState;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.kafka.ErasureCommand;
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
 * Applies one Kafka batch of interaction events to the shoppers' user-state: the work of the stream
 * function, whoever invokes it (the MSK event source in AWS, the local poller).
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
 *   <li>An erasure command (header {@code aisle.command: erasure}) erases its shopper instead of
 *       updating them, with the events that came with it; events of a shopper without state are
 *       dropped when the shopper has a tombstone ({@link ErasureExecutor}). Without erasure
 *       configured (no salt) a command is dead-lettered ({@code erasure_disabled}).
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
  private final ErasureExecutor erasures;

  public InteractionBatchHandler(
      UserStateStore store,
      RealtimeModel model,
      DeadLetters deadLetters,
      UserStateUpdater updater,
      int parallelism,
      Clock clock) {
    this(store, model, deadLetters, updater, parallelism, clock, null);
  }

  /**
   * @param erasures carries out erasure commands and drops erased shoppers' events; null: erasure
   *     is off
   */
  public InteractionBatchHandler(
      UserStateStore store,
      RealtimeModel model,
      DeadLetters deadLetters,
      UserStateUpdater updater,
      int parallelism,
      Clock clock,
      ErasureExecutor erasures) {
    this.erasures = erasures;
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
          Pending pending = decode(record);
          byShopper.computeIfAbsent(pending.userId(), u -> new ArrayList<>()).add(pending);
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
    List<Future<Outcome>> updates = new ArrayList<>();
    for (Map.Entry<String, List<Pending>> shopper : byShopper.entrySet()) {
      updates.add(workers.submit(applyTask(shopper.getKey(), shopper.getValue(), view)));
    }
    int applied = 0;
    int duplicates = 0;
    int unknownItems = 0;
    int erased = 0;
    int dropped = 0;
    int failedShoppers = 0;
    int n = 0;
    for (Map.Entry<String, List<Pending>> shopper : byShopper.entrySet()) {
      try {
        Outcome outcome = updates.get(n++).get();
        applied += outcome.applied();
        duplicates += outcome.duplicates();
        unknownItems += outcome.unknownItems();
        erased += outcome.erasures();
        dropped += outcome.dropped();
      } catch (ExecutionException e) {
        failedShoppers++;
        shopper.getValue().forEach(p -> failed.add(p.record()));
        LOG.errorf(
            "event=user_state_failed records=%d error=%s",
            shopper.getValue().size(), e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while applying a batch", e);
      }
    }
    LOG.infof(
        "event=batch records=%d shoppers=%d applied=%d duplicates=%d unknownItems=%d deadLettered=%d "
            + "erasures=%d droppedErased=%d failedRecords=%d failedShoppers=%d modelVersion=%s millis=%d",
        event.recordCount(),
        byShopper.size(),
        applied,
        duplicates,
        unknownItems,
        deadLettered,
        erased,
        dropped,
        failed.size(),
        failedShoppers,
        view == null ? "none" : view.version(),
        (System.nanoTime() - started) / 1_000_000);
    return new BatchResponse(failed.stream().map(BatchResponse.ItemFailure::of).toList());
  }

  private Pending decode(KafkaRecord record) throws PoisonRecord {
    if (EventDecoder.isErasure(record)) {
      if (erasures == null) {
        throw new PoisonRecord(
            "erasure_disabled", "erasure is not configured (no salt); replay once it is");
      }
      return new Pending(record, null, decoder.decodeErasure(record));
    }
    return new Pending(record, decoder.decode(record), null);
  }

  private Callable<Outcome> applyTask(
      String userId, List<Pending> pending, UserStateUpdater.ModelView view) {
    List<Event> events = pending.stream().map(Pending::event).filter(e -> e != null).toList();
    List<ErasureCommand> commands =
        pending.stream().map(Pending::command).filter(c -> c != null).toList();
    if (!commands.isEmpty()) {
      // the shopper is erased: folding events that are deleted a moment later would be wasted work
      return () -> {
        erasures.execute(userId, commands, events);
        return new Outcome(0, 0, 0, commands.size(), events.size());
      };
    }
    return () -> apply(userId, events, view);
  }

  /** Read, update, write if nobody wrote in between; else again from the fresh state. */
  private Outcome apply(String userId, List<Event> events, UserStateUpdater.ModelView view) {
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      UserState previous = store.get(userId).orElse(null);
      if (previous == null && attempt == 1 && erasures != null && erasures.erased(userId)) {
        erasures.drop(events);
        return new Outcome(0, 0, 0, 0, events.size());
      }
      UserStateUpdater.Update update =
          updater.update(userId, previous, events, view, clock.instant());
      if (update.applied() == 0 && previous != null) {
        return Outcome.of(update);
      }
      if (store.putIfUnchanged(update.state(), previous)) {
        return Outcome.of(update);
      }
    }
    throw new IllegalStateException(
        "user state kept changing during " + WRITE_ATTEMPTS + " attempts");
  }

  private boolean deadLetter(KafkaRecord record, PoisonRecord poison) {
    try {
      deadLetters.send(record, poison);
      LOG.warnf(
          "event=dead_lettered reason=%s topic=%s partition=%d offset=%d",
          poison.reason(), record.topic(), record.partition(), record.offset());
      return true;
    } catch (RuntimeException e) {
      LOG.errorf(
          "event=dead_letter_failed reason=%s topic=%s partition=%d offset=%d error=%s",
          poison.reason(), record.topic(), record.partition(), record.offset(), e.toString());
      return false;
    }
  }

  /** A decoded record: an event or an erasure command. */
  private record Pending(KafkaRecord record, Event event, ErasureCommand command) {
    String userId() {
      return event != null ? event.userId() : command.userId();
    }
  }

  /** What one shopper's part of a batch did. */
  private record Outcome(int applied, int duplicates, int unknownItems, int erasures, int dropped) {
    static Outcome of(UserStateUpdater.Update update) {
      return new Outcome(update.applied(), update.duplicates(), update.unknownItems(), 0, 0);
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    if (erasures != null) {
      erasures.close();
    }
    deadLetters.close();
    model.close();
  }
}
