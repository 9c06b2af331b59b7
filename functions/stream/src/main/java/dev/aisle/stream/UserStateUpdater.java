package dev.aisle.stream;

import dev.aisle.als.FoldIn;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.model.IdIndex;
import dev.aisle.state.UserState;
import dev.aisle.state.UserState.RecentEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The next state of one shopper from their previous state and new events: new events join the
 * recent window (newest first, at most {@code recentSize}; an eventId already there is a duplicate
 * and is not added again), purchases join the purchased list (newest first, distinct, at most
 * {@code purchasedSize}), and the vector is folded in from the whole window against the current
 * model. Solving from the window, not adding to the old vector, makes a replayed event harmless and
 * moves a shopper onto a newly published model with their next event.
 *
 * <p>Without a model the stored vector and its model version are kept as they are (only the window
 * and purchases change): writing an empty vector would throw away a good one, and failing the
 * records instead would stall the shopper's partition for as long as no model loads.
 */
public final class UserStateUpdater {

  private static final Comparator<RecentEvent> NEWEST_FIRST =
      Comparator.comparing(RecentEvent::timestamp).reversed();

  private final int recentSize;
  private final int purchasedSize;

  public UserStateUpdater(int recentSize, int purchasedSize) {
    if (recentSize < 1 || purchasedSize < 0) {
      throw new IllegalArgumentException("recent size must be >= 1 and purchased size >= 0");
    }
    this.recentSize = recentSize;
    this.purchasedSize = purchasedSize;
  }

  /**
   * @param previous the stored state, or null for a new shopper
   * @param events this shopper's new events in arrival order
   * @param model the current model's fold-in and item ids; null when no model is loaded (the
   *     previous vector is then kept)
   */
  public Update update(
      String userId, UserState previous, List<Event> events, ModelView model, Instant now) {
    // every remembered event, oldest arrival first: the stored window is newest first
    List<RecentEvent> arrivals = new ArrayList<>(previous == null ? List.of() : previous.recent());
    Collections.reverse(arrivals);
    Set<String> seen = new HashSet<>();
    arrivals.forEach(e -> seen.add(e.eventId()));
    LinkedHashSet<String> purchased = new LinkedHashSet<>();
    int applied = 0;
    int duplicates = 0;
    int unknownItems = 0;
    List<String> newPurchases = new ArrayList<>();
    for (Event event : events) {
      if (!seen.add(event.eventId())) {
        duplicates++;
        continue;
      }
      applied++;
      arrivals.add(
          new RecentEvent(
              event.eventId(), event.itemId(), event.type(), event.value(), event.timestamp()));
      if (event.type() == EventType.PURCHASE) {
        newPurchases.add(event.itemId());
      }
      if (model != null && !model.itemIds().contains(event.itemId())) {
        unknownItems++;
      }
    }
    // stable sort: events with equal timestamps keep their arrival order, newest arrival first
    List<RecentEvent> window = new ArrayList<>(arrivals);
    Collections.reverse(window);
    window.sort(NEWEST_FIRST);
    if (window.size() > recentSize) {
      window = new ArrayList<>(window.subList(0, recentSize));
    }
    for (int i = newPurchases.size() - 1; i >= 0; i--) {
      purchased.add(newPurchases.get(i));
    }
    if (previous != null) {
      purchased.addAll(previous.purchased());
    }
    List<String> purchasedList =
        new ArrayList<>(purchased).subList(0, Math.min(purchased.size(), purchasedSize));

    float[] vector;
    String modelVersion;
    if (model != null) {
      vector = model.foldIn().fold(window, now).vector();
      modelVersion = model.version();
    } else if (previous != null) {
      // no model loaded (none published yet, or the bucket unreadable since this container
      // started): the stored vector is the best there is; the window keeps the new events, and
      // the first event after a model loads folds them all in
      vector = previous.vector();
      modelVersion = previous.modelVersion();
    } else {
      vector = new float[0];
      modelVersion = null;
    }
    // strictly increasing, so a conditional write on the previous updatedAt detects any other
    // writer
    Instant nowMillis = now.truncatedTo(ChronoUnit.MILLIS);
    Instant updatedAt =
        previous != null && !nowMillis.isAfter(previous.updatedAt())
            ? previous.updatedAt().plusMillis(1)
            : nowMillis;
    UserState next = new UserState(userId, modelVersion, updatedAt, vector, window, purchasedList);
    return new Update(next, applied, duplicates, unknownItems);
  }

  /** The current model as fold-in needs it. */
  public record ModelView(String version, IdIndex itemIds, FoldIn foldIn) {}

  /**
   * @param applied new events taken into the state
   * @param duplicates events whose eventId the state already held
   * @param unknownItems applied events whose item the model does not know (kept, not folded)
   */
  public record Update(UserState state, int applied, int duplicates, int unknownItems) {}
}
