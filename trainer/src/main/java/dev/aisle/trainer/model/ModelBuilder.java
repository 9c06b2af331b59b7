package dev.aisle.trainer.model;

import dev.aisle.als.ImplicitAls;
import dev.aisle.catalog.Item;
import dev.aisle.model.FactorMatrix;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.model.ModelManifest;
import dev.aisle.model.PopularLists;
import dev.aisle.model.SimilarItems;
import dev.aisle.trainer.training.PairTable;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;

/**
 * Assembles the published {@link Model}: factors with their id indexes, item categories from the
 * catalog, popular lists, similar items and what each user bought.
 */
public final class ModelBuilder {

  private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private ModelBuilder() {}

  /** Shape of the derived lists. */
  public record Lists(int similarPerItem, int popularOverall, int popularPerCategory) {
    public static Lists defaults() {
      return new Lists(20, 100, 50);
    }
  }

  public static Model build(PairTable pairs, ImplicitAls.Factors factors, Map<String, Item> catalog, Lists lists,
      ModelManifest manifest, int threads) {
    String[] categories = new String[pairs.items().size()];
    for (int i = 0; i < categories.length; i++) {
      Item item = catalog.get(pairs.items().idAt(i));
      categories[i] = item == null || item.category() == null ? "" : item.category();
    }
    PopularLists popular = PopularListsBuilder.build(pairs.items(), pairs.itemPopularity(), categories, catalog,
        lists.popularOverall(), lists.popularPerCategory());
    SimilarItems similar = SimilarItemsBuilder.build(factors.items(), factors.factors(), lists.similarPerItem(), threads);
    int k = factors.factors();
    return new Model(manifest, pairs.users(), pairs.items(),
        new FactorMatrix(factors.users(), pairs.users().size(), k),
        new FactorMatrix(factors.items(), pairs.items().size(), k),
        categories, popular, similar, pairs.purchasedItems());
  }

  /** The manifest before files are written (sizes, counts of rows and checksums are added then). */
  public static ModelManifest manifest(String version, Instant created, int factors, Map<String, Object> parameters,
      Map<String, Object> metrics, Map<String, Long> counts) {
    return new ModelManifest(ModelFiles.FORMAT_VERSION, version, created, factors, 0, 0, 0, parameters, metrics,
        counts, null);
  }

  /** Sortable UTC time plus a short random suffix: {@code 20260128T134512Z-3fa2c1}. */
  public static String newVersion(Instant created) {
    byte[] suffix = new byte[3];
    new SecureRandom().nextBytes(suffix);
    return VERSION_TIME.format(created) + "-" + HexFormat.of().formatHex(suffix);
  }
}
