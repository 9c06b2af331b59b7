package dev.aisle.serving;

import dev.aisle.event.EventType;
import dev.aisle.model.BlendSettings;
import dev.aisle.model.Model;
import dev.aisle.model.RankedItem;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.CategoryCodes;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.segment.ListedItem;
import dev.aisle.segment.SegmentList;
import dev.aisle.state.UserState;
import dev.aisle.state.UserState.RecentEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every decision of a shopper's recommendations, in one place for the api and batch {@code
 * recommend}, with no I/O of its own (the data comes from a {@link ShopperLookup}).
 *
 * <p>The vector ({@link #vectorOf}), in order of preference:
 *
 * <ol>
 *   <li>user-state's vector, when it was solved against the served model version and updated after
 *       that model was created (the stream folded it in after the model was out): {@code realtime};
 *   <li>else fold-in against the served model's item factors from user-state's recent window, or,
 *       without a user-state row, from the shopper's latest events: {@code realtime} when those
 *       hold events the model had not seen (user-state updated, or an event accepted, after the
 *       model's cut), {@code personalized} otherwise;
 *   <li>no vector (nothing known, or no event on an item the model knows): the list of the segment
 *       the shopper's attributes and the request's context fall in ({@code segment}), topped up
 *       with popular items when filters leave fewer than k;
 *   <li>the model's popular items, overall or of the category ({@code popular}).
 * </ol>
 *
 * Never returned: what the shopper bought (user-state's purchases and purchases among their latest
 * events), unavailable items, ids in {@code exclude}; a {@code category} filter keeps only that
 * category. Vector-based lists go through the {@link Exploration} last.
 *
 * <p>A blend model ({@link Model#blend()}) ranks a shopper with a vector by ALS and item-kNN
 * together ({@link BlendedTopK}); everything else above holds for it unchanged.
 */
public final class RecommendationPolicy {

  private final SegmentLists segments;
  private final Exploration exploration;
  private final Clock clock;

  public RecommendationPolicy(SegmentLists segments, Exploration exploration, Clock clock) {
    this.segments = segments;
    this.exploration = exploration;
    this.clock = clock;
  }

  /**
   * @param served the served model, or null when none was ever loaded
   * @param unavailable ids of unavailable items (the same set instance reuses its row mask)
   */
  public Recommendation recommend(
      ServedModel served,
      RecommendationQuery query,
      ShopperLookup shoppers,
      Set<String> unavailable) {
    Shopper shopper = shoppers.find(query.userId());
    Set<String> bought = query.includeBought() ? Set.of() : bought(shopper);
    if (served != null) {
      Optional<ShopperVector> vector = vectorOf(served, shopper, clock.instant());
      if (vector.isPresent()) {
        return ranked(served, query, vector.get(), shopper, bought, unavailable);
      }
    }
    Model model = served == null ? null : served.model();
    Predicate<ListedItem> allowed = listFilter(model, query, bought, unavailable);
    Optional<SegmentList> segment = segments.listFor(context(shoppers, query));
    if (segment.isPresent()) {
      List<ScoredItem> items = take(segment.get().items(), allowed, query.k(), new ArrayList<>());
      if (model != null) {
        take(popular(model, query.category()), allowed, query.k(), items);
      }
      String version = model != null ? model.version() : segment.get().modelVersion();
      return new Recommendation(query.userId(), version, Source.SEGMENT, items);
    }
    if (model == null) {
      return new Recommendation(query.userId(), null, Source.POPULAR, List.of());
    }
    return new Recommendation(
        query.userId(),
        model.version(),
        Source.POPULAR,
        take(popular(model, query.category()), allowed, query.k(), new ArrayList<>()));
  }

  /** The shopper's vector against {@code served}, or empty when nothing they did counts for it. */
  public static Optional<ShopperVector> vectorOf(ServedModel served, Shopper shopper, Instant now) {
    Model model = served.model();
    UserState state = shopper.state();
    if (isFresh(state, model)) {
      return Optional.of(new ShopperVector(state.vector(), Source.REALTIME));
    }
    Instant seen = model.manifest().seenUntil();
    List<RecentEvent> events;
    boolean unseen;
    if (state != null) {
      events = state.recent();
      unseen = after(state.updatedAt(), seen);
    } else {
      events = shopper.latestEvents();
      unseen =
          after(
              shopper.latestAcceptedAt() != null ? shopper.latestAcceptedAt() : newest(events),
              seen);
    }
    if (events.isEmpty()) {
      return Optional.empty();
    }
    float[] vector = served.foldIn().fold(events, now).vector();
    if (vector.length == 0) {
      return Optional.empty();
    }
    return Optional.of(new ShopperVector(vector, unseen ? Source.REALTIME : Source.PERSONALIZED));
  }

  /**
   * User-state's vector is used as it is only when solved against this very model and updated after
   * it was created.
   */
  static boolean isFresh(UserState state, Model model) {
    return state != null
        && state.vector().length == model.factors()
        && model.version().equals(state.modelVersion())
        && state.updatedAt() != null
        && (model.manifest().created() == null
            || state.updatedAt().isAfter(model.manifest().created()));
  }

  /**
   * The items a blend's item-kNN side starts from: those of the events the vector was folded from
   * (user-state's recent window, or the shopper's latest events), each once.
   */
  static List<String> shopperItems(Shopper shopper) {
    List<RecentEvent> events =
        shopper.state() != null ? shopper.state().recent() : shopper.latestEvents();
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (RecentEvent event : events) {
      ids.add(event.itemId());
    }
    return new ArrayList<>(ids);
  }

  /** Items never shown again: user-state's purchases and purchases among the latest events. */
  public static Set<String> bought(Shopper shopper) {
    Set<String> bought = new HashSet<>();
    if (shopper.state() != null) {
      bought.addAll(shopper.state().purchased());
    }
    for (RecentEvent event : shopper.latestEvents()) {
      if (event.type() == EventType.PURCHASE) {
        bought.add(event.itemId());
      }
    }
    return bought;
  }

  private Recommendation ranked(
      ServedModel served,
      RecommendationQuery query,
      ShopperVector vector,
      Shopper shopper,
      Set<String> bought,
      Set<String> unavailable) {
    Model model = served.model();
    RowMask excluded = exclusions(served, query.exclude(), bought, unavailable);
    Candidates candidates = Candidates.excluding(excluded);
    int eligible = model.items().size();
    if (query.category() != null) {
      int code = served.categories().codeOf(query.category());
      if (code == CategoryCodes.UNKNOWN) {
        return new Recommendation(query.userId(), model.version(), vector.source(), List.of());
      }
      candidates = candidates.inCategory(served.categories().rowCodes(), code);
      eligible = served.categories().rows(code);
    }
    eligible = Math.max(0, eligible - excluded.cardinality());
    Optional<BlendSettings> blend = model.blend();
    ScoredRows top =
        blend.isPresent()
            ? BlendedTopK.top(
                served,
                blend.get(),
                vector.vector(),
                shopperItems(shopper),
                query.k(),
                candidates,
                eligible)
            : served.search().top(vector.vector(), query.k(), candidates, eligible);
    List<ScoredItem> items = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      items.add(new ScoredItem(model.items().idAt(top.row(i)), top.score(i)));
    }
    items =
        exploration.mix(
            model, items, query.k(), query.category(), shownIds(query, bought, unavailable));
    return new Recommendation(query.userId(), model.version(), vector.source(), items);
  }

  private static RowMask exclusions(
      ServedModel served, Set<String> exclude, Set<String> bought, Set<String> unavailable) {
    Model model = served.model();
    int[] rows = new int[exclude.size() + bought.size()];
    int n = 0;
    for (String id : exclude) {
      rows[n++] = model.items().rowOf(id);
    }
    for (String id : bought) {
      rows[n++] = model.items().rowOf(id);
    }
    return served.unavailableRows(unavailable).plus(rows);
  }

  /** Ids this shopper may be shown: available, not excluded by the request, not bought. */
  private static Predicate<String> shownIds(
      RecommendationQuery query, Set<String> bought, Set<String> unavailable) {
    Set<String> excluded = query.exclude();
    return id -> !unavailable.contains(id) && !excluded.contains(id) && !bought.contains(id);
  }

  /** What a list (segment, popular) may show this shopper. */
  private static Predicate<ListedItem> listFilter(
      Model model, RecommendationQuery query, Set<String> bought, Set<String> unavailable) {
    Predicate<String> shown = shownIds(query, bought, unavailable);
    String category = query.category();
    return item ->
        shown.test(item.itemId()) && (category == null || category.equals(categoryOf(model, item)));
  }

  private static String categoryOf(Model model, ListedItem item) {
    if (item.category() != null) {
      return item.category();
    }
    int row = model == null ? -1 : model.items().rowOf(item.itemId());
    return row >= 0 ? model.itemCategories()[row] : null;
  }

  private static Map<String, String> context(ShopperLookup shoppers, RecommendationQuery query) {
    Map<String, String> context = new HashMap<>(shoppers.attributes(query.userId()));
    context.putAll(query.context());
    return context;
  }

  private static List<ListedItem> popular(Model model, String category) {
    List<RankedItem> ranked =
        category == null
            ? model.popular().overall()
            : model.popular().byCategory().getOrDefault(category, model.popular().overall());
    List<ListedItem> out = new ArrayList<>(ranked.size());
    for (RankedItem item : ranked) {
      out.add(new ListedItem(item.itemId(), item.score(), null, null, null));
    }
    return out;
  }

  /** Appends allowed items of {@code list} not yet in {@code out} until it holds k. */
  private static List<ScoredItem> take(
      List<ListedItem> list, Predicate<ListedItem> allowed, int k, List<ScoredItem> out) {
    Set<String> present = new HashSet<>();
    out.forEach(item -> present.add(item.itemId()));
    for (ListedItem item : list) {
      if (out.size() >= k) {
        break;
      }
      if (allowed.test(item) && present.add(item.itemId())) {
        out.add(new ScoredItem(item.itemId(), (float) item.score()));
      }
    }
    return out;
  }

  private static boolean after(Instant at, Instant seen) {
    return at != null && (seen == null || at.isAfter(seen));
  }

  private static Instant newest(List<RecentEvent> events) {
    Instant newest = null;
    for (RecentEvent event : events) {
      if (event.timestamp() != null && (newest == null || event.timestamp().isAfter(newest))) {
        newest = event.timestamp();
      }
    }
    return newest;
  }
}
