package dev.aisle.precompute.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CloudFront invalidation paths for a set of changed keys. Each path costs (beyond the free
 * monthly allowance) and a distribution accepts few wildcard paths at once, so when more than
 * {@code maxPaths} keys changed, the keys of each folder with more than one change become one
 * wildcard ({@code /v1/similar/*}); if that is still too many, the whole layout's root becomes one.
 */
public final class Invalidation {

  private Invalidation() {}

  /**
   * @param root the layout's root key prefix, e.g. {@code v1/}
   */
  public static List<String> paths(List<String> changedKeys, String root, int maxPaths) {
    List<String> exact = changedKeys.stream().map(k -> "/" + k).sorted().toList();
    if (exact.size() <= maxPaths) {
      return exact;
    }
    Map<String, List<String>> byFolder = new TreeMap<>();
    for (String path : exact) {
      byFolder
          .computeIfAbsent(path.substring(0, path.lastIndexOf('/') + 1), f -> new ArrayList<>())
          .add(path);
    }
    List<String> collapsed = new ArrayList<>();
    byFolder.forEach(
        (folder, paths) -> {
          if (paths.size() == 1) {
            collapsed.add(paths.get(0));
          } else {
            collapsed.add(folder + "*");
          }
        });
    return collapsed.size() <= maxPaths ? collapsed : List.of("/" + root + "*");
  }
}
