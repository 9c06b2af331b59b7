package dev.aisle.api.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Request bodies of the ingest tests: {@code POST /events} batches with ids the test keeps. */
final class Bodies {

  private Bodies() {}

  /**
   * {@code {"events":[...]}} of {@code count} click events with ids {@code prefix-0..}, added to
   * {@code ids}.
   */
  static String events(String prefix, int count, List<String> ids) {
    StringBuilder body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      ids.add(id);
      body.append(i == 0 ? "" : ",")
          .append(
              "{\"eventId\":\"%s\",\"userId\":\"user-%d\",\"itemId\":\"item-%d\",\"type\":\"click\"}"
                  .formatted(id, i % 7, i));
    }
    return body.append("]}").toString();
  }

  /** The ids that occur more or less than once in {@code published}, with their counts. */
  static Map<String, Long> notExactlyOnce(List<String> ids, List<String> published) {
    Map<String, Long> counts =
        published.stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    Map<String, Long> wrong = new java.util.TreeMap<>();
    for (String id : new ArrayList<>(ids)) {
      long n = counts.getOrDefault(id, 0L);
      if (n != 1) {
        wrong.put(id, n);
      }
    }
    return wrong;
  }
}
