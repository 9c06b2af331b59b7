package dev.aisle.precompute.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CdnUploaderTest {

  /** An in-memory store that records the order of puts. */
  private static final class MemoryStore implements ObjectStore {
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final List<String> puts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Map<String, String> list(String prefix) {
      Map<String, String> out = new java.util.HashMap<>();
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
      return Bytes.gzip(json);
    }

    @Override
    public void put(String key, byte[] encoded) {
      objects.put(key, encoded);
      puts.add(key);
    }

    @Override
    public void delete(Collection<String> keys) {
      keys.forEach(objects::remove);
    }

    @Override
    public java.util.Optional<byte[]> readState(String key) {
      return java.util.Optional.ofNullable(objects.get(key));
    }

    @Override
    public void writeState(String key, byte[] bytes) {
      objects.put(key, bytes);
    }

    @Override
    public String describe(String key) {
      return key;
    }
  }

  private static List<Document> lists(int n, String version) {
    return IntStream.range(0, n)
        .mapToObj(i -> new Document("list/" + i + ".json", () -> Map.of("v", version, "i", i)))
        .toList();
  }

  @Test
  void indexesArePutOnlyAfterEveryListOfTheEarlierWave() {
    MemoryStore store = new MemoryStore();
    UploadReport report =
        new CdnUploader(store, 4, true)
            .upload(
                "v1/",
                List.of(
                    lists(200, "a"), List.of(new Document("index.json", () -> Map.of("n", 200)))));
    assertThat(report.uploaded()).isEqualTo(201);
    assertThat(store.puts.get(store.puts.size() - 1)).isEqualTo("v1/index.json");
  }

  @Test
  void identicalBodiesAreNotPutAgainAndChangedOnesAre() {
    MemoryStore store = new MemoryStore();
    CdnUploader uploader = new CdnUploader(store, 3, true);
    uploader.upload("v1/", List.of(lists(30, "a")));
    store.puts.clear();

    UploadReport same = uploader.upload("v1/", List.of(lists(30, "a")));
    assertThat(same.uploaded()).isZero();
    assertThat(same.unchanged()).isEqualTo(30);
    assertThat(store.puts).isEmpty();

    List<Document> oneChanged = new ArrayList<>(lists(30, "a"));
    oneChanged.set(7, new Document("list/7.json", () -> Map.of("v", "b")));
    UploadReport changed = uploader.upload("v1/", List.of(oneChanged.subList(0, 20)));
    assertThat(changed.uploaded()).isEqualTo(1);
    assertThat(changed.deleted()).isEqualTo(10);
    assertThat(changed.changedKeys()).contains("v1/list/7.json", "v1/list/25.json").hasSize(11);
    assertThat(store.objects).hasSize(20);
  }

  @Test
  void twoDocumentsWithOnePathAreRefusedBeforeAnythingIsWritten() {
    MemoryStore store = new MemoryStore();
    assertThatThrownBy(
            () ->
                new CdnUploader(store, 2, true)
                    .upload(
                        "v1/",
                        List.of(
                            List.of(new Document("a.json", () -> 1)),
                            List.of(new Document("a.json", () -> 2)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.json");
    assertThat(store.objects).isEmpty();
  }
}
