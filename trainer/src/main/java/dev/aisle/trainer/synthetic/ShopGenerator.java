package dev.aisle.trainer.synthetic;

import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.event.EventType;
import dev.aisle.trainer.data.Interaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded synthetic shop with structure a recommender can find and a baseline cannot:
 *
 * <ul>
 *   <li>hidden tastes: shoppers fall into clusters; a cluster prefers a few categories and one of
 *       four item styles, and leans to a country, device and channel (what segmentation can use);
 *   <li>power-law popularity: within a category, item k is about 1/k as likely as the first;
 *   <li>sessions: a shopper browses one category per session, viewing a few items; some views
 *       become clicks, some clicks go to the cart, some carts are bought (quantity 1–3), at a
 *       price;
 *   <li>new items and shoppers: a share of each only appears in the last tenth of the period;
 *   <li>crawlers: a few shoppers with thousands of random views, which hygiene should drop.
 * </ul>
 *
 * The same config (seed included) always gives the same shop.
 */
public final class ShopGenerator {

  static final String[] CATEGORY_NAMES = {
    "shoes",
    "outdoor",
    "kitchen",
    "books",
    "toys",
    "beauty",
    "garden",
    "electronics",
    "sports",
    "home",
    "fashion",
    "music",
    "pets",
    "office",
    "baby",
    "games"
  };
  private static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "ES", "IT", "NL", "PL"};
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
  private static final String[] CHANNELS = {"organic", "ads", "email", "social"};
  private static final String[] STYLES = {"classic", "modern", "eco", "premium"};
  private static final String[] ADJECTIVES = {
    "Compact",
    "Deluxe",
    "Everyday",
    "Light",
    "Smart",
    "Cosy",
    "Bold",
    "Handmade",
    "Travel",
    "Vintage"
  };
  private static final double ZIPF = 1.0;
  private static final double STYLE_PREFERENCE = 4.0;
  private static final int VIEWS_PER_SESSION = 4;

  /** The generated shop. */
  public record Shop(List<Interaction> interactions, List<Item> items, List<UserProfile> users) {}

  /**
   * Receives a shop as it is generated: shoppers with their events as they are drawn (events are
   * not in time order), then the items. Nothing is held, so a shop of any size can be written out.
   */
  public interface Sink {
    void user(UserProfile user);

    void interaction(Interaction interaction);

    void item(Item item);
  }

  private final ShopConfig config;
  private final SplittableRandom random;

  public ShopGenerator(ShopConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
  }

  /** The whole shop in memory, events in time order (small shops: the demo, tests). */
  public Shop generate() {
    List<UserProfile> users = new ArrayList<>();
    List<Interaction> events = new ArrayList<>();
    List<Item> items = new ArrayList<>();
    stream(
        new Sink() {
          @Override
          public void user(UserProfile user) {
            users.add(user);
          }

          @Override
          public void interaction(Interaction interaction) {
            events.add(interaction);
          }

          @Override
          public void item(Item item) {
            items.add(item);
          }
        });
    events.sort(
        Comparator.comparingLong(Interaction::timestamp).thenComparing(Interaction::userId));
    return new Shop(events, items, users);
  }

  /** Streams the shop to {@code sink}, shoppers named {@code u<number>} (zero-padded). */
  public void stream(Sink sink) {
    int digits = Integer.toString(config.users()).length();
    stream(sink, u -> String.format("u%0" + digits + "d", u));
  }

  /**
   * Streams the shop; shopper {@code u} (0..users−1) is named {@code shopperId.apply(u)}, e.g.
   * drawn from an earlier shop's shoppers to generate their next day. Names may repeat: their
   * events are then one shopper's.
   */
  public void stream(Sink sink, java.util.function.IntFunction<String> shopperId) {
    long endMs = config.end().toEpochMilli();
    long startMs = endMs - config.period().toMillis();
    long lateMs = endMs - config.period().toMillis() / 10;
    int categories = Math.min(config.categories(), Math.max(1, config.items()));

    // items: category, style, popularity rank within the category, release time, price
    int[] category = new int[config.items()];
    int[] style = new int[config.items()];
    long[] release = new long[config.items()];
    double[] price = new double[config.items()];
    double[] categoryBasePrice = new double[categories];
    for (int c = 0; c < categories; c++) {
      categoryBasePrice[c] = 5 + 95 * random.nextDouble();
    }
    for (int i = 0; i < config.items(); i++) {
      category[i] = i < categories ? i : random.nextInt(categories);
      style[i] = random.nextInt(STYLES.length);
      release[i] =
          random.nextDouble() < config.newShare()
              ? lateMs + (long) (random.nextDouble() * (endMs - lateMs))
              : startMs;
      price[i] =
          Math.round(categoryBasePrice[category[i]] * Math.exp(0.5 * random.nextGaussian()) * 100)
              / 100.0;
    }
    double[] popularity = new double[config.items()];
    List<List<Integer>> byCategory = new ArrayList<>();
    for (int c = 0; c < categories; c++) {
      byCategory.add(new ArrayList<>());
    }
    for (int i = 0; i < config.items(); i++) {
      byCategory.get(category[i]).add(i);
    }
    for (List<Integer> members : byCategory) {
      shuffle(members);
      for (int rank = 0; rank < members.size(); rank++) {
        popularity[members.get(rank)] = 1.0 / Math.pow(rank + 1, ZIPF);
      }
    }

    // clusters: category preferences (peaked), a favourite style, attribute leanings
    double[][] taste = new double[config.clusters()][categories];
    int[] favouriteStyle = new int[config.clusters()];
    for (int k = 0; k < config.clusters(); k++) {
      double sum = 0;
      for (int c = 0; c < categories; c++) {
        taste[k][c] = Math.pow(random.nextDouble(), 4);
        sum += taste[k][c];
      }
      for (int c = 0; c < categories; c++) {
        taste[k][c] /= sum;
      }
      favouriteStyle[k] = k % STYLES.length;
    }
    // per (cluster, category): cumulative item weights, popularity × style preference
    double[][][] cumulative = new double[config.clusters()][categories][];
    for (int k = 0; k < config.clusters(); k++) {
      for (int c = 0; c < categories; c++) {
        List<Integer> members = byCategory.get(c);
        double[] cum = new double[members.size()];
        double run = 0;
        for (int m = 0; m < members.size(); m++) {
          int i = members.get(m);
          run += popularity[i] * (style[i] == favouriteStyle[k] ? STYLE_PREFERENCE : 1.0);
          cum[m] = run;
        }
        cumulative[k][c] = cum;
      }
    }

    for (int u = 0; u < config.users(); u++) {
      int cluster = random.nextInt(config.clusters());
      String userId = shopperId.apply(u);
      sink.user(new UserProfile(userId, attributes(cluster)));
      long joined =
          random.nextDouble() < config.newShare()
              ? lateMs + (long) (random.nextDouble() * (endMs - lateMs))
              : startMs;
      double activity = config.eventsPerUser() * Math.exp(0.8 * random.nextGaussian() - 0.32);
      int sessions = Math.max(1, (int) Math.round(activity / (VIEWS_PER_SESSION * 1.6)));
      for (int s = 0; s < sessions; s++) {
        long at = joined + (long) (random.nextDouble() * (endMs - joined));
        int c = pick(taste[cluster]);
        session(userId, at, c, cumulative[cluster][c], byCategory.get(c), release, sink);
      }
    }
    int bots = (int) Math.round(config.users() * config.botShare());
    for (int b = 0; b < bots; b++) {
      String botId = "crawler-" + b;
      sink.user(
          new UserProfile(
              botId, Map.of("country", "US", "device", "desktop", "channel", "organic")));
      int views = 1000 + random.nextInt(1500);
      for (int v = 0; v < views; v++) {
        long at = startMs + (long) (random.nextDouble() * (endMs - startMs));
        int i = random.nextInt(config.items());
        sink.interaction(
            new Interaction(
                botId, itemId(i), EventType.VIEW, Math.max(at, release[i]), Double.NaN));
      }
    }

    String[] categoryNames = categoryNames(categories);
    for (int i = 0; i < config.items(); i++) {
      String title =
          ADJECTIVES[random.nextInt(ADJECTIVES.length)]
              + " "
              + STYLES[style[i]]
              + " "
              + categoryNames[category[i]]
              + " "
              + (i + 1);
      sink.item(
          new Item(
              itemId(i),
              title,
              categoryNames[category[i]],
              price[i],
              List.of(STYLES[style[i]], categoryNames[category[i]]),
              true));
    }
  }

  private void session(
      String userId,
      long at,
      int c,
      double[] cum,
      List<Integer> members,
      long[] release,
      Sink events) {
    int views = 1 + random.nextInt(2 * VIEWS_PER_SESSION - 1);
    long t = at;
    for (int v = 0; v < views; v++) {
      int i = members.get(pickCumulative(cum));
      if (release[i] > t) {
        continue;
      }
      t += 10_000 + random.nextInt(120_000);
      String item = itemId(i);
      events.interaction(new Interaction(userId, item, EventType.VIEW, t, Double.NaN));
      if (random.nextDouble() < 0.35) {
        events.interaction(new Interaction(userId, item, EventType.CLICK, t + 2_000, Double.NaN));
        if (random.nextDouble() < 0.3) {
          events.interaction(
              new Interaction(userId, item, EventType.ADD_TO_CART, t + 30_000, Double.NaN));
          if (random.nextDouble() < 0.5) {
            double quantity = random.nextDouble() < 0.8 ? 1 : 2 + random.nextInt(2);
            events.interaction(
                new Interaction(userId, item, EventType.PURCHASE, t + 90_000, quantity));
          }
        }
      }
    }
  }

  private Map<String, String> attributes(int cluster) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(
        "country",
        random.nextDouble() < 0.6
            ? COUNTRIES[cluster % COUNTRIES.length]
            : COUNTRIES[random.nextInt(COUNTRIES.length)]);
    a.put(
        "device",
        random.nextDouble() < 0.6
            ? DEVICES[cluster % DEVICES.length]
            : DEVICES[random.nextInt(DEVICES.length)]);
    a.put(
        "channel",
        random.nextDouble() < 0.5
            ? CHANNELS[cluster % CHANNELS.length]
            : CHANNELS[random.nextInt(CHANNELS.length)]);
    return a;
  }

  static String itemId(int i) {
    return "p" + (i + 1);
  }

  private static String[] categoryNames(int n) {
    String[] names = new String[n];
    for (int c = 0; c < n; c++) {
      names[c] =
          c < CATEGORY_NAMES.length
              ? CATEGORY_NAMES[c]
              : CATEGORY_NAMES[c % CATEGORY_NAMES.length] + "-" + (c / CATEGORY_NAMES.length + 1);
    }
    return names;
  }

  private int pick(double[] probabilities) {
    double r = random.nextDouble();
    double run = 0;
    for (int i = 0; i < probabilities.length; i++) {
      run += probabilities[i];
      if (r < run) {
        return i;
      }
    }
    return probabilities.length - 1;
  }

  private int pickCumulative(double[] cum) {
    double r = random.nextDouble() * cum[cum.length - 1];
    int i = Arrays.binarySearch(cum, r);
    return Math.min(cum.length - 1, i >= 0 ? i + 1 : -i - 1);
  }

  private void shuffle(List<Integer> list) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }
}
