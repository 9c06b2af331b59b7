package dev.aisle.api.serving;

import dev.aisle.catalog.UserProfile;
import dev.aisle.model.Model;
import dev.aisle.model.RankedItem;
import dev.aisle.parallel.DaemonThreads;
import dev.aisle.scoring.Candidates;
import dev.aisle.scoring.CategoryCodes;
import dev.aisle.scoring.RowMask;
import dev.aisle.scoring.ScoredRows;
import dev.aisle.segment.ListedItem;
import dev.aisle.segment.SegmentList;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.UserStateStore;
import dev.aisle.storage.UserStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Chooses and ranks a shopper's recommendations. The vector, in order of preference:
 * <ol>
 *   <li>{@code realtime}: user-state's vector, when it was solved against the served model version
 *       and updated after that model was created (a vector solved against an older model lives in
 *       another factor space: the stream updater re-solves it on the shopper's next event);
 *   <li>{@code personalized}: the shopper's factors in the model;
 *   <li>{@code segment}: no vector: the list of the segment their attributes and context fall in,
 *       topped up with popular items when filters leave fewer than k;
 *   <li>{@code popular}: the model's popular items (overall or of the category).
 * </ol>
 * Never returned: what the shopper bought (model, user-state and their latest events), unavailable
 * items, ids in {@code exclude}; a {@code category} filter keeps only that category. Vector-based
 * lists end with a small share of catalog items the model has not seen yet ({@link NewItemExploration}).
 */
@ApplicationScoped
public class Recommender {

  private final ModelHolder models;
  private final UnavailableItems unavailable;
  private final Segments segments;
  private final UserStateStore userStates;
  private final UserStore users;
  private final RecentPurchases recentPurchases;
  private final NewItemExploration exploration;
  private final ExecutorService lookups;
  private final DegradedLookups degraded = new DegradedLookups();

  Recommender(ModelHolder models, UnavailableItems unavailable, Segments segments, NewItemExploration exploration,
      AisleSettings settings, DynamoDbClient dynamo, ServingConfig config) {
    this.models = models;
    this.exploration = exploration;
    this.unavailable = unavailable;
    this.segments = segments;
    this.userStates = new UserStateStore(dynamo, settings.userStateTable());
    this.users = new UserStore(dynamo, settings.usersTable());
    this.recentPurchases = new RecentPurchases(dynamo, settings.eventsTable(), config.recentEvents());
    this.lookups = Executors.newCachedThreadPool(DaemonThreads.named("aisle-lookup"));
  }

  RecommendationsResponse recommend(RecommendationsRequest.Query query) {
    String userId = query.userId();
    // the two per-shopper reads run side by side: their latencies do not add up
    CompletableFuture<Set<String>> recent = CompletableFuture.supplyAsync(
        () -> degraded.read("recent_purchases", () -> recentPurchases.of(userId), Set.of()), lookups);
    Optional<ServingModel> served = models.current();
    UserState state = degraded.read("user_state", () -> userStates.get(userId).orElse(null), null);
    Set<String> bought = new HashSet<>(recent.join());
    if (state != null) {
      bought.addAll(state.purchased());
    }
    if (served.isPresent()) {
      Optional<RecommendationsResponse> personal = fromVector(served.get(), query, state, bought);
      if (personal.isPresent()) {
        return personal.get();
      }
    }
    Model model = served.map(ServingModel::model).orElse(null);
    Predicate<ListedItem> allowed = listFilter(model, query, bought);
    Optional<SegmentList> segment = segmentOf(userId, query.context());
    if (segment.isPresent()) {
      List<ScoredItem> items = take(segment.get().items(), allowed, query.k(), new ArrayList<>());
      if (model != null) {
        take(popular(model, query.category()), allowed, query.k(), items);
      }
      String version = model != null ? model.version() : segment.get().modelVersion();
      return new RecommendationsResponse(userId, version, Source.SEGMENT, items);
    }
    if (model == null) {
      return new RecommendationsResponse(userId, null, Source.POPULAR, List.of());
    }
    return new RecommendationsResponse(userId, model.version(), Source.POPULAR,
        take(popular(model, query.category()), allowed, query.k(), new ArrayList<>()));
  }

  private Optional<RecommendationsResponse> fromVector(ServingModel served, RecommendationsRequest.Query query,
      UserState state, Set<String> bought) {
    Model model = served.model();
    int userRow = model.users().rowOf(query.userId());
    float[] vector;
    Source source;
    if (isFresh(state, model)) {
      vector = state.vector();
      source = Source.REALTIME;
    } else if (userRow >= 0) {
      vector = model.userFactors().row(userRow);
      source = Source.PERSONALIZED;
    } else {
      return Optional.empty();
    }
    Candidates candidates = Candidates.excluding(exclusions(served, userRow, query.exclude(), bought));
    if (query.category() != null) {
      int code = served.categories().codeOf(query.category());
      if (code == CategoryCodes.UNKNOWN) {
        return Optional.of(new RecommendationsResponse(query.userId(), model.version(), source, List.of()));
      }
      candidates = candidates.inCategory(served.categories().rowCodes(), code);
    }
    ScoredRows top = served.scorer().top(vector, query.k(), candidates);
    List<ScoredItem> items = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      items.add(new ScoredItem(model.items().idAt(top.row(i)), top.score(i)));
    }
    items = exploration.mix(model, items, query.k(), query.category(), shownIds(query, bought));
    return Optional.of(new RecommendationsResponse(query.userId(), model.version(), source, items));
  }

  /** User-state is used only when solved against this very model and updated after it was created. */
  static boolean isFresh(UserState state, Model model) {
    return state != null
        && state.vector().length == model.factors()
        && model.version().equals(state.modelVersion())
        && state.updatedAt() != null
        && (model.manifest().created() == null || state.updatedAt().isAfter(model.manifest().created()));
  }

  private RowMask exclusions(ServingModel served, int userRow, Set<String> exclude, Set<String> bought) {
    Model model = served.model();
    RowMask mask = served.unavailableRows(unavailable.ids()).copy();
    for (String id : exclude) {
      mask.set(model.items().rowOf(id));
    }
    for (String id : bought) {
      mask.set(model.items().rowOf(id));
    }
    if (userRow >= 0) {
      for (int itemRow : model.purchased().itemsOf(userRow)) {
        mask.set(itemRow);
      }
    }
    return mask;
  }

  /** Ids this shopper may be shown: available, not excluded by the request, not bought. */
  private Predicate<String> shownIds(RecommendationsRequest.Query query, Set<String> bought) {
    Set<String> gone = unavailable.ids();
    Set<String> excluded = query.exclude();
    return id -> !gone.contains(id) && !excluded.contains(id) && !bought.contains(id);
  }

  /** What a list (segment, popular) may show this shopper. */
  private Predicate<ListedItem> listFilter(Model model, RecommendationsRequest.Query query, Set<String> bought) {
    Predicate<String> shown = shownIds(query, bought);
    String category = query.category();
    return item -> shown.test(item.itemId()) && (category == null || category.equals(categoryOf(model, item)));
  }

  private static String categoryOf(Model model, ListedItem item) {
    if (item.category() != null) {
      return item.category();
    }
    int row = model == null ? -1 : model.items().rowOf(item.itemId());
    return row >= 0 ? model.itemCategories()[row] : null;
  }

  private Optional<SegmentList> segmentOf(String userId, Map<String, String> requestContext) {
    Map<String, String> context = new HashMap<>(
        degraded.read("user_profile", () -> users.get(userId).map(UserProfile::attributes).orElse(Map.of()), Map.of()));
    context.putAll(requestContext);
    return segments.listFor(context);
  }

  private static List<ListedItem> popular(Model model, String category) {
    List<RankedItem> ranked = category == null ? model.popular().overall()
        : model.popular().byCategory().getOrDefault(category, model.popular().overall());
    List<ListedItem> out = new ArrayList<>(ranked.size());
    for (RankedItem item : ranked) {
      out.add(new ListedItem(item.itemId(), item.score(), null, null, null));
    }
    return out;
  }

  /** Appends allowed items of {@code list} not yet in {@code out} until it holds k. */
  private static List<ScoredItem> take(List<ListedItem> list, Predicate<ListedItem> allowed, int k,
      List<ScoredItem> out) {
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

  /** Lets lookups in flight finish: see {@link Refreshing#close()}. */
  @PreDestroy
  void close() {
    lookups.shutdown();
  }
}
