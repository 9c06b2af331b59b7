package dev.aisle.stream;

import static dev.aisle.stream.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.als.FoldIn;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.model.Model;
import dev.aisle.state.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserStateUpdaterTest {

  private static final Model MODEL = PlantedModel.build("v1");
  private static final UserStateUpdater.ModelView VIEW =
      new UserStateUpdater.ModelView("v1", MODEL.items(), FoldIn.of(MODEL));
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  private final UserStateUpdater updater = new UserStateUpdater(5, 3);

  @Test
  void aNewShopperGetsTheirEventsNewestFirstAndAFoldedVector() {
    Event view = event("e1", "u", "shoes-1", EventType.VIEW);
    Event buy = event("e2", "u", "shoes-2", EventType.PURCHASE);

    UserStateUpdater.Update update = updater.update("u", null, List.of(view, buy), VIEW, NOW);

    UserState state = update.state();
    assertThat(state.userId()).isEqualTo("u");
    assertThat(state.modelVersion()).isEqualTo("v1");
    assertThat(state.updatedAt()).isEqualTo(NOW);
    assertThat(state.recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactly("e2", "e1");
    assertThat(state.purchased()).containsExactly("shoes-2");
    assertThat(state.vector()).isEqualTo(VIEW.foldIn().fold(state.recent(), NOW).vector());
    assertThat(update.applied()).isEqualTo(2);
  }

  @Test
  void anEventIdAlreadyRememberedIsADuplicate() {
    Event view = event("e1", "u", "shoes-1", EventType.VIEW);
    UserState first = updater.update("u", null, List.of(view, view), VIEW, NOW).state();

    UserStateUpdater.Update again =
        updater.update("u", first, List.of(view), VIEW, NOW.plusSeconds(1));

    assertThat(first.recent()).hasSize(1);
    assertThat(again.applied()).isZero();
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(again.state().recent()).isEqualTo(first.recent());
    assertThat(again.state().vector()).isEqualTo(first.vector());
  }

  @Test
  void theWindowKeepsTheNewestEventsAndPurchasesAreBounded() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add(event("p" + i, "u", "books-" + i, EventType.PURCHASE));
    }
    UserState state = updater.update("u", null, events, VIEW, NOW).state();

    assertThat(state.recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactly("p7", "p6", "p5", "p4", "p3");
    assertThat(state.purchased()).containsExactly("books-7", "books-6", "books-5");
  }

  @Test
  void aLateEventTakesItsPlaceByTimeAndAReplayedOldOneFallsOutOfTheWindow() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(event("n" + i, "u", "books-" + i, EventType.VIEW));
    }
    UserState full = updater.update("u", null, events, VIEW, NOW).state();
    Event old =
        new Event(
            "old",
            "u",
            "shoes-9",
            EventType.CLICK,
            null,
            Instant.parse("2020-01-01T00:00:00Z"),
            null,
            null);

    UserState after = updater.update("u", full, List.of(old), VIEW, NOW.plusSeconds(1)).state();

    assertThat(after.recent()).isEqualTo(full.recent());
  }

  @Test
  void unknownItemsAreKeptAndCounted() {
    Event fresh = event("e1", "u", "just-listed", EventType.CLICK);

    UserStateUpdater.Update update = updater.update("u", null, List.of(fresh), VIEW, NOW);

    assertThat(update.unknownItems()).isEqualTo(1);
    assertThat(update.state().recent())
        .extracting(UserState.RecentEvent::itemId)
        .containsExactly("just-listed");
    assertThat(update.state().vector()).isEmpty();
  }

  @Test
  void withoutAModelTheStateIsKeptWithoutAVectorAndANewModelIsUsedOnTheNextEvent() {
    Event view = event("e1", "u", "shoes-1", EventType.VIEW);
    UserState before = updater.update("u", null, List.of(view), null, NOW).state();
    assertThat(before.modelVersion()).isNull();
    assertThat(before.vector()).isEmpty();

    Event click = event("e2", "u", "shoes-3", EventType.CLICK);
    UserState after = updater.update("u", before, List.of(click), VIEW, NOW.plusSeconds(1)).state();

    assertThat(after.modelVersion()).isEqualTo("v1");
    assertThat(after.vector()).isEqualTo(VIEW.foldIn().fold(after.recent(), NOW).vector());
    assertThat(after.recent()).hasSize(2);
  }

  /** With no model loaded, a good vector must not be overwritten with an empty one. */
  @Test
  void withoutAModelAStoredVectorAndItsVersionAreKeptWhileTheWindowMoves() {
    UserState solved =
        updater
            .update("u", null, List.of(event("e1", "u", "shoes-1", EventType.VIEW)), VIEW, NOW)
            .state();
    assertThat(solved.vector()).isNotEmpty();

    UserStateUpdater.Update update =
        updater.update(
            "u",
            solved,
            List.of(event("e2", "u", "books-1", EventType.PURCHASE, 1.0)),
            null,
            NOW.plusSeconds(1));

    assertThat(update.applied()).isEqualTo(1);
    assertThat(update.state().vector()).isEqualTo(solved.vector());
    assertThat(update.state().modelVersion()).isEqualTo("v1");
    assertThat(update.state().recent())
        .extracting(UserState.RecentEvent::eventId)
        .containsExactly("e2", "e1");
    assertThat(update.state().purchased()).containsExactly("books-1");
    assertThat(update.state().updatedAt()).isAfter(solved.updatedAt());
  }

  @Test
  void updatedAtAlwaysMovesForwardEvenWhenTheClockDoesNot() {
    UserState first =
        updater
            .update("u", null, List.of(event("e1", "u", "shoes-1", EventType.VIEW)), VIEW, NOW)
            .state();

    UserState second =
        updater
            .update(
                "u",
                first,
                List.of(event("e2", "u", "shoes-2", EventType.VIEW)),
                VIEW,
                NOW.minusSeconds(5))
            .state();

    assertThat(second.updatedAt()).isEqualTo(NOW.plusMillis(1));
  }
}
