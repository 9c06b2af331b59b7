package dev.aisle.trainer.snapshot;

import dev.aisle.snapshot.PartReader;
import dev.aisle.snapshot.ShopperPairs;
import dev.aisle.snapshot.SnapshotManifest;
import dev.aisle.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot version decoded by ids (item rows differ between builds): for comparing two builds.
 */
record SnapshotContents(Map<String, Integer> events, Map<String, Map<String, Pair>> pairs) {

  record Pair(float weight, float popularity, long first, long last, int events, boolean bought) {}

  static SnapshotContents of(SnapshotStore store, SnapshotManifest manifest) {
    List<String> items = store.items(manifest);
    Map<String, Integer> events = new TreeMap<>();
    Map<String, Map<String, Pair>> pairs = new TreeMap<>();
    for (int p = 0; p < manifest.parts(); p++) {
      try (PartReader reader = store.openPart(manifest, p)) {
        ShopperPairs s = new ShopperPairs();
        while (reader.next(s)) {
          events.put(s.shopperId(), s.events());
          Map<String, Pair> mine = new TreeMap<>();
          for (int i = 0; i < s.size(); i++) {
            mine.put(
                items.get(s.item(i)),
                new Pair(
                    s.weight(i),
                    s.popularity(i),
                    s.first(i),
                    s.last(i),
                    s.eventCount(i),
                    s.bought(i)));
          }
          pairs.put(s.shopperId(), mine);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new SnapshotContents(events, pairs);
  }
}
