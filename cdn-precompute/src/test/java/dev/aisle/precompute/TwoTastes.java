package dev.aisle.precompute;

import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.IdIndex;
import dev.aisle.model.Model;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.RankedItem;
import dev.aisle.model.SimilarItems;
import dev.aisle.precompute.source.ShopperVectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small model whose right answers are known. Two tastes: shoppers u0..u59 (country de, mobile,
 * channel email) love shoes, shoppers u60..u99 (us, desktop, search) love books. Items shoe-0..9
 * point along the first factor, book-0..9 along the second, with strength falling with the index,
 * so the shoe segment's list is shoe-0, shoe-1, … Item shoe-0 is unavailable in the catalog, and
 * "Book 7/Ünïcode" has an id that needs encoding as a file name.
 */
final class TwoTastes {

  static final int SHOE_LOVERS = 60;
  static final int SHOPPERS = 100;
  static final String ODD_ID = "book/7 Ünïcode";
  private static final float[] SIMILARITY = {0.9f, 0.8f, 0.7f};

  private TwoTastes() {}

  static String bookId(int i) {
    return i == 7 ? ODD_ID : "book-" + i;
  }

  /**
   * The shoppers' vectors: the first {@link #SHOE_LOVERS} along the shoes factor, the rest along
   * books.
   */
  static ShopperVectors shoppers() {
    List<String> users = new ArrayList<>();
    float[] userFactors = new float[SHOPPERS * 2];
    for (int u = 0; u < SHOPPERS; u++) {
      users.add("u" + u);
      boolean shoes = u < SHOE_LOVERS;
      userFactors[u * 2] = shoes ? 1f + 0.01f * (u % 7) : 0.05f;
      userFactors[u * 2 + 1] = shoes ? 0.05f : 1f + 0.01f * (u % 5);
    }
    return new ShopperVectors.InMemory(
        new IdIndex(users), new FactorMatrix(userFactors, SHOPPERS, 2));
  }

  static Model model(String version) {
    // rows 0..9: shoe-0..9 along the first factor; rows 10..19: books along the second
    List<String> items = new ArrayList<>();
    String[] categories = new String[20];
    float[] itemFactors = new float[20 * 2];
    for (int i = 0; i < 10; i++) {
      items.add("shoe-" + i);
      categories[i] = "Shoes";
      itemFactors[i * 2] = 2f - 0.1f * i;
    }
    for (int i = 0; i < 10; i++) {
      items.add(bookId(i));
      categories[10 + i] = "Books & Magazines";
      itemFactors[(10 + i) * 2 + 1] = 2f - 0.1f * i;
    }
    int per = 3;
    int[] neighbours = new int[20 * per];
    float[] scores = new float[20 * per];
    for (int row = 0; row < 20; row++) {
      int base = row < 10 ? 0 : 10;
      for (int j = 0; j < per; j++) {
        neighbours[row * per + j] = base + (row - base + j + 1) % 10;
        scores[row * per + j] = SIMILARITY[j];
      }
    }
    PopularLists popular =
        new PopularLists(
            List.of(
                new RankedItem("shoe-0", 50),
                new RankedItem("book-1", 40),
                new RankedItem("shoe-2", 30),
                new RankedItem("book-3", 20)),
            Map.of(
                "Shoes",
                List.of(new RankedItem("shoe-0", 50), new RankedItem("shoe-2", 30)),
                "Books & Magazines",
                List.of(new RankedItem("book-1", 40), new RankedItem("book-3", 20))));
    ModelManifest manifest =
        new ModelManifest(
            1,
            version,
            Instant.parse("2026-01-01T00:00:00Z"),
            2,
            SHOPPERS,
            20,
            per,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());
    return new Model(
        manifest,
        new IdIndex(items),
        new FactorMatrix(itemFactors, 20, 2),
        categories,
        popular,
        new SimilarItems(per, neighbours, scores));
  }

  static List<Item> catalog() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      items.add(new Item("shoe-" + i, "Shoe " + i, "Shoes", 50.0 + i, List.of("shoes"), i != 0));
      items.add(new Item(bookId(i), "Book " + i, "Books & Magazines", 10.0 + i, List.of(), true));
    }
    return items;
  }

  static List<UserProfile> profiles() {
    List<UserProfile> profiles = new ArrayList<>();
    for (int u = 0; u < SHOPPERS; u++) {
      profiles.add(
          u < SHOE_LOVERS
              ? new UserProfile(
                  "u" + u, Map.of("country", "DE", "device", "mobile", "channel", "email"))
              : new UserProfile(
                  "u" + u, Map.of("country", "US", "device", "desktop", "channel", "search")));
    }
    profiles.add(new UserProfile("not-in-model", Map.of("country", "fr")));
    return profiles;
  }
}
