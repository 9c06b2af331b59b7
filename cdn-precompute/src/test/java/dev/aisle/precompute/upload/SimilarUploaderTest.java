package dev.aisle.precompute.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-item objects published through a digest: only what changed is written, nothing is listed. */
class SimilarUploaderTest {

  static final String DIGEST = "state/similar-digest.tsv.gz";

  /** In memory; counts listings and puts, and can fail the n-th put. */
  static final class Store implements ObjectStore {
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    volatile int failAtPut = -1;

    @Override
    public Map<String, String> list(String prefix) {
      lists.incrementAndGet();
      Map<String, String> out = new HashMap<>();
      objects.forEach(
          (k, v) -> {
            if (k.startsWith(prefix)) {
              out.put(k, Bytes.md5(v));
            }
          });
      return out;
    }

    @Override
    public byte[] encode(byte[] json) {
      return json;
    }

    @Override
    public void put(String key, byte[] encoded) {
      if (puts.incrementAndGet() == failAtPut) {
        throw new IllegalStateException("injected failure at put " + failAtPut);
      }
      objects.put(key, encoded);
    }

    @Override
    public void delete(Collection<String> keys) {
      keys.forEach(objects::remove);
    }

    @Override
    public Optional<byte[]> readState(String key) {
      return Optional.ofNullable(objects.get(key));
    }

    @Override
    public void writeState(String key, byte[] bytes) {
      objects.put(key, bytes);
    }

    @Override
    public String describe(String key) {
      return key;
    }

    String body(String key) {
      return new String(objects.get(key), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Items with a neighbour list and a score each; the fingerprint is the neighbours only. */
  record Lists(List<String> items, Map<String, String> neighbours, Map<String, Double> scores) {
    static Lists of(int n) {
      List<String> items = new ArrayList<>();
      Map<String, String> neighbours = new HashMap<>();
      Map<String, Double> scores = new HashMap<>();
      for (int i = 0; i < n; i++) {
        items.add("i" + i);
        neighbours.put("i" + i, "i" + ((i + 1) % n));
        scores.put("i" + i, 0.5);
      }
      return new Lists(items, neighbours, scores);
    }

    SimilarUploader.Objects objects() {
      return new SimilarUploader.Objects(
          items.size(),
          row -> "similar/" + items.get(row) + ".json",
          row -> Map.of("item", items.get(row), "neighbours", neighbours.get(items.get(row))),
          row ->
              Map.of(
                  "item",
                  items.get(row),
                  "neighbours",
                  neighbours.get(items.get(row)),
                  "score",
                  scores.get(items.get(row))));
    }
  }

  private static UploadReport upload(Store store, Lists lists) {
    return new SimilarUploader(store, 2, true).upload("v1/", "similar/", DIGEST, lists.objects());
  }

  @Test
  void theFirstRunUploadsEverythingAndLaterRunsOnlyWhatChangedWithoutListing() {
    Store store = new Store();
    Lists lists = Lists.of(50);
    UploadReport first = upload(store, lists);
    assertThat(first.uploaded()).isEqualTo(50);
    assertThat(store.objects).containsKey(DIGEST);
    assertThat(store.lists.get()).as("only the run without a digest lists").isEqualTo(1);

    // the same lists with other scores (a retraining): nothing is written
    lists.scores().replaceAll((item, score) -> 0.7);
    int putsBefore = store.puts.get();
    UploadReport unchanged = upload(store, lists);
    assertThat(unchanged.uploaded()).isZero();
    assertThat(unchanged.unchanged()).isEqualTo(50);
    assertThat(store.puts.get()).isEqualTo(putsBefore);

    // i7's neighbours change: only i7 is written, with the current score
    lists.neighbours().put("i7", "i30");
    UploadReport one = upload(store, lists);
    assertThat(one.uploaded()).isEqualTo(1);
    assertThat(one.changedKeys()).containsExactly("v1/similar/i7.json");
    assertThat(store.body("v1/similar/i7.json")).contains("i30").contains("0.7");
    assertThat(store.lists.get()).isEqualTo(1);
  }

  @Test
  void anItemNoLongerProducedIsDeletedThroughTheDigest() {
    Store store = new Store();
    upload(store, Lists.of(10));
    Lists fewer = Lists.of(10);
    fewer.items().remove("i3");
    UploadReport report = upload(store, fewer);
    assertThat(report.deleted()).isEqualTo(1);
    assertThat(store.objects)
        .doesNotContainKey("v1/similar/i3.json")
        .containsKey("v1/similar/i4.json");
    assertThat(store.lists.get()).isEqualTo(1);
  }

  @Test
  void aRunThatDiesHalfWayLeavesADigestThatMakesTheNextRunFinishTheJob() {
    Store store = new Store();
    Lists lists = Lists.of(40);
    upload(store, lists);
    // every list changes; the run dies at its 5th upload
    lists.neighbours().replaceAll((item, n) -> "changed");
    store.failAtPut = store.puts.get() + 5;
    assertThatThrownBy(() -> upload(store, lists)).hasMessageContaining("injected failure");
    // the model goes back to the old lists for some items: stored objects must still end up right
    Lists back = Lists.of(40);
    for (int i = 0; i < 20; i++) {
      back.neighbours().put("i" + i, "changed");
    }
    store.failAtPut = -1;
    upload(store, back);
    for (int i = 0; i < 40; i++) {
      assertThat(store.body("v1/similar/i" + i + ".json")).contains(back.neighbours().get("i" + i));
    }
  }

  @Test
  void anUnreadableDigestCountsAsNoneAndEverythingIsUploaded() {
    Store store = new Store();
    upload(store, Lists.of(5));
    store.objects.put(DIGEST, new byte[] {1, 2, 3});
    assertThat(upload(store, Lists.of(5)).uploaded()).isEqualTo(5);
  }
}
