package dev.aisle.stream;

import dev.aisle.event.Event;
import dev.aisle.storage.ShopperHash;
import dev.aisle.storage.dynamo.ErasureStore;
import dev.aisle.storage.dynamo.EventKey;
import dev.aisle.storage.dynamo.ShopperErasure;
import dev.aisle.storage.kafka.ErasureCommand;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The stream function's part of erasure: carries out erasure commands and drops the events of
 * erased shoppers.
 *
 * <ul>
 *   <li>A command erases the shopper from every store ({@link ShopperErasure}), deletes the rows of
 *       the events that came with it in the batch, and completes its record with the counts. A
 *       redelivered command runs again, finds nothing, and leaves the record as it was.
 *   <li>An event of a shopper without user-state (a new shopper, or an erased one) is checked
 *       against the tombstones; an erased shopper's events are not folded and their rows are
 *       deleted from the events table (the api stored them before they reached the topic). A
 *       shopper with user-state cannot be erased (erasure deletes it), so their events need no
 *       check.
 * </ul>
 */
public final class ErasureExecutor implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ErasureExecutor.class);

  private final ShopperErasure erasure;
  private final ErasureStore records;
  private final ShopperHash hash;
  private final Clock clock;

  public ErasureExecutor(
      ShopperErasure erasure, ErasureStore records, ShopperHash hash, Clock clock) {
    this.erasure = erasure;
    this.records = records;
    this.hash = hash;
    this.clock = clock;
  }

  /** Erases the shopper for these commands; {@code events} came with them and are deleted too. */
  public void execute(String userId, List<ErasureCommand> commands, List<Event> events) {
    long started = System.nanoTime();
    Map<String, Long> removed = erasure.erase(userId);
    if (!events.isEmpty()) {
      erasure.deleteEvents(events.stream().map(EventKey::of).toList());
    }
    String userHash = hash.of(userId);
    for (ErasureCommand command : commands) {
      boolean first = records.complete(command.erasureId(), userHash, removed, clock.instant());
      // the erasure id and counts only: never the shopper id or its hash
      LOG.infof(
          "event=erasure_complete erasureId=%s first=%s events=%d userState=%d user=%d outbox=%d pairs=%d millis=%d",
          command.erasureId(),
          first,
          removed.get(ShopperErasure.EVENTS),
          removed.get(ShopperErasure.USER_STATE),
          removed.get(ShopperErasure.USER),
          removed.get(ShopperErasure.OUTBOX),
          removed.get(ShopperErasure.PAIRS),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** Whether the shopper has a live tombstone. */
  public boolean erased(String userId) {
    return records.tombstoneStatus(hash.of(userId), clock.instant()).isPresent();
  }

  /** Deletes the rows of an erased shopper's late events. */
  public void drop(List<Event> events) {
    erasure.deleteEvents(events.stream().map(EventKey::of).toList());
  }

  @Override
  public void close() {
    erasure.close();
  }
}
