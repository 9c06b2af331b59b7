package dev.aisle.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.EventType;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.segment.ListedItem;
import dev.aisle.segment.SegmentList;
import dev.aisle.state.UserState;
import dev.aisle.state.UserState.RecentEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy's decisions without any store: vector choice, source, exclusions, fallbacks. */
class RecommendationPolicyTest {

  static final Instant CUT = Instant.parse("2026-06-01T00:00:00Z");
  static final Instant CREATED = CUT.plusSeconds(600);
  static final Instant BEFORE = CUT.minusSeconds(3600);
  static final Instant AFTER = CREATED.plusSeconds(60);
  static final String[] ITEMS = {"i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9"};
  static final float[] FACTORS = {
    1.0f, 0.1f, 0.9f, 0.2f, 0.8f, 0.3f, 0.7f, 0.0f, 0.6f, 0.5f,
    0.5f, 0.1f, 0.4f, 0.0f, 0.3f, 0.2f, 0.3f, 0.2f, 0.0f, 1.0f
  };

  final ServedModel served = new ServedModel(model(), ServedModel.SearchSettings.singleThreaded());
  final RecommendationPolicy policy =
      new RecommendationPolicy(
          SegmentLists.NONE, Exploration.NONE, Clock.fixed(AFTER.plusSeconds(60), ZoneOffset.UTC));

  static Model model() {
    ModelManifest manifest =
        new ModelManifest(
            2,
            "v1",
            CREATED,
            2,
            0,
            10,
            0,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            ModelManifest.SINGLE_NODE,
            CUT);
    return new Model(
        manifest,
        new IdIndex(ITEMS),
        new FactorMatrix(FACTORS.clone(), 10, 2),
        new String[] {
          "shoes", "shoes", "shoes", "shoes", "bags", "bags", "bags", "bags", "bags", "hats"
        },
        new PopularLists(
            List.of(new RankedItem("i9", 9), new RankedItem("i8", 8), new RankedItem("i7", 7)),
            Map.of()),
        SimilarItems.none());
  }

  static List<RecentEvent> viewedI0ClickedI1(Instant at) {
    return List.of(
        new RecentEvent("e2", "i1", EventType.CLICK, null, at.plusSeconds(1)),
        new RecentEvent("e1", "i0", EventType.VIEW, null, at));
  }

  Recommendation recommend(MemoryShoppers shoppers, String userId, int k) {
    return policy.recommend(served, RecommendationQuery.of(userId, k), shoppers, Set.of());
  }

  @Test
  void aVectorTheStreamSolvedAgainstThisModelAfterItWasCreatedIsUsedAsItIs() {
    MemoryShoppers shoppers =
        new MemoryShoppers(50)
            .state(new UserState("u", "v1", AFTER, new float[] {0f, 1f}, List.of(), List.of()));
    Recommendation r = recommend(shoppers, "u", 2);
    assertThat(r.source()).isEqualTo(Source.REALTIME);
    assertThat(r.items()).extracting(ScoredItem::itemId).containsExactly("i9", "i4");
    assertThat(r.items()).extracting(ScoredItem::score).containsExactly(1.0f, 0.5f);
  }

  @Test
  void aWindowOfEventsTheModelSawIsFoldedInAndPersonalized() {
    // another model's vector: folded in again from the window, which holds only events before the
    // cut
    MemoryShoppers shoppers =
        new MemoryShoppers(50)
            .state(
                new UserState(
                    "u", "v0", BEFORE, new float[] {0f, 1f}, viewedI0ClickedI1(BEFORE), List.of()));
    Recommendation r = recommend(shoppers, "u", 9);
    assertThat(r.source()).isEqualTo(Source.PERSONALIZED);
    assertThat(r.items())
        .extracting(ScoredItem::itemId)
        .containsExactly("i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8");
  }

  @Test
  void aWindowUpdatedAfterTheCutIsRealtime() {
    MemoryShoppers shoppers =
        new MemoryShoppers(50)
            .state(
                new UserState(
                    "u",
                    "v0",
                    CUT.plusSeconds(1),
                    new float[0],
                    viewedI0ClickedI1(BEFORE),
                    List.of()));
    assertThat(recommend(shoppers, "u", 3).source()).isEqualTo(Source.REALTIME);
  }

  @Test
  void withoutUserStateTheLatestEventsAreFoldedInAndTheirAcceptanceTimeDecides() {
    MemoryShoppers seen = new MemoryShoppers(50);
    viewedI0ClickedI1(BEFORE).forEach(e -> seen.event("u", e, BEFORE.plusSeconds(5)));
    assertThat(recommend(seen, "u", 3).source()).isEqualTo(Source.PERSONALIZED);
    assertThat(recommend(seen, "u", 3).items())
        .extracting(ScoredItem::itemId)
        .containsExactly("i0", "i1", "i2");

    // an old timestamp accepted after the cut (a late upload): the model had not seen it
    MemoryShoppers late = new MemoryShoppers(50);
    viewedI0ClickedI1(BEFORE).forEach(e -> late.event("u", e, CUT.plusSeconds(5)));
    assertThat(recommend(late, "u", 3).source()).isEqualTo(Source.REALTIME);
  }

  @Test
  void boughtItemsFromUserStateAndFromTheLatestEventsAreNeverReturned() {
    MemoryShoppers shoppers =
        new MemoryShoppers(50)
            .state(new UserState("u", "v1", AFTER, new float[] {1f, 0f}, List.of(), List.of("i0")))
            .event("u", new RecentEvent("e9", "i1", EventType.PURCHASE, 1.0, AFTER), AFTER);
    assertThat(recommend(shoppers, "u", 2).items())
        .extracting(ScoredItem::itemId)
        .containsExactly("i2", "i3");
    // batch recommend --include-seen keeps them
    Recommendation kept =
        policy.recommend(
            served,
            new RecommendationQuery("u", 2, null, Set.of(), Map.of(), true),
            shoppers,
            Set.of());
    assertThat(kept.items()).extracting(ScoredItem::itemId).containsExactly("i0", "i1");
  }

  @Test
  void unavailableExcludedAndCategoryFiltersHold() {
    MemoryShoppers shoppers =
        new MemoryShoppers(50)
            .state(new UserState("u", "v1", AFTER, new float[] {1f, 0f}, List.of(), List.of()));
    Recommendation r =
        policy.recommend(
            served,
            new RecommendationQuery("u", 3, "bags", Set.of("i5"), Map.of()),
            shoppers,
            Set.of("i4"));
    assertThat(r.items()).extracting(ScoredItem::itemId).containsExactly("i6", "i7", "i8");
    assertThat(
            policy
                .recommend(
                    served,
                    new RecommendationQuery("u", 3, "nope", Set.of(), Map.of()),
                    shoppers,
                    Set.of())
                .items())
        .isEmpty();
  }

  @Test
  void nothingKnownFallsToTheSegmentThenToPopular() {
    MemoryShoppers shoppers = new MemoryShoppers(50).attributes("u", Map.of("country", "de"));
    // events on items the model does not know give no vector
    shoppers.event("u", new RecentEvent("e", "unknown-item", EventType.VIEW, null, AFTER), AFTER);
    SegmentLists segments =
        context ->
            "de".equals(context.get("country"))
                ? Optional.of(
                    new SegmentList(
                        "s0",
                        "v1",
                        10,
                        Map.of(),
                        List.of(new ListedItem("i3", 3, null, null, null))))
                : Optional.empty();
    RecommendationPolicy withSegments =
        new RecommendationPolicy(segments, Exploration.NONE, Clock.systemUTC());
    Recommendation r =
        withSegments.recommend(served, RecommendationQuery.of("u", 2), shoppers, Set.of());
    assertThat(r.source()).isEqualTo(Source.SEGMENT);
    assertThat(r.items()).extracting(ScoredItem::itemId).containsExactly("i3", "i9");

    Recommendation popular =
        policy.recommend(served, RecommendationQuery.of("nobody", 2), shoppers, Set.of("i9"));
    assertThat(popular.source()).isEqualTo(Source.POPULAR);
    assertThat(popular.items()).extracting(ScoredItem::itemId).containsExactly("i8", "i7");

    Recommendation noModel =
        policy.recommend(null, RecommendationQuery.of("nobody", 2), shoppers, Set.of());
    assertThat(noModel.modelVersion()).isNull();
    assertThat(noModel.items()).isEmpty();
  }
}
