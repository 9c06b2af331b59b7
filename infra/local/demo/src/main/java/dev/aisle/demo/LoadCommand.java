package dev.aisle.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.json.Json;
import dev.aisle.trainer.data.Interaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sends a shop through the api as a storefront would: catalog ({@code POST /items}), shoppers'
 * attributes ({@code POST /users}), then every event ({@code POST /events}) in batches, with a
 * progress bar. Event ids are derived from the rows, so sending the same shop twice stores nothing
 * twice (the second time every event counts as a duplicate).
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Send a shop's catalog, shoppers and events through the api.")
final class LoadCommand implements Callable<Integer> {

  static final int BATCH = 500;

  @Option(names = "--api", required = true, description = "Base URL of the api.")
  String api;

  @Option(
      names = "--shop",
      required = true,
      description = "Folder with interactions.csv, catalog.csv, users.csv.")
  Path shopDir;

  @Option(names = "--threads", description = "Concurrent requests (default: ${DEFAULT-VALUE}).")
  int threads = 3;

  @Option(
      names = "--summary",
      description = "Also write the totals as JSON to this file (the report includes them).")
  Path summary;

  @Override
  public Integer call() throws Exception {
    Shop shop = Shop.read(shopDir);
    ApiClient client = new ApiClient(api);
    System.out.printf(
        Locale.ROOT,
        "Sending %,d items, %,d shoppers and %,d events to %s%n",
        shop.catalog().size(),
        shop.users().size(),
        shop.interactions().size(),
        client.baseUrl());
    sendAll(
        client, "items", "items", new ArrayList<>(shop.catalog().values()), LoadCommand::itemJson);
    sendAll(client, "users", "users", shop.users(), LoadCommand::userJson);
    Totals totals = sendAll(client, "events", "events", eventsWithIds(shop.interactions()), e -> e);
    System.out.printf(
        Locale.ROOT,
        "Events: %,d accepted, %,d duplicates (already stored) in %.1f s, %,.0f events/s%n",
        totals.accepted,
        totals.duplicates,
        totals.seconds,
        (totals.accepted + totals.duplicates) / totals.seconds);
    if (summary != null) {
      Json.mapper().writeValue(summary.toFile(), totals);
    }
    return 0;
  }

  record Totals(long accepted, long duplicates, double seconds) {}

  private <T> Totals sendAll(
      ApiClient client,
      String path,
      String field,
      List<T> rows,
      java.util.function.Function<T, Object> json)
      throws Exception {
    if (rows.isEmpty()) {
      return new Totals(0, 0, 1e-9);
    }
    Progress progress = new Progress(System.out, path, rows.size());
    AtomicLong sent = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int start = 0; start < rows.size(); start += BATCH) {
        List<Object> batch =
            rows.subList(start, Math.min(rows.size(), start + BATCH)).stream().map(json).toList();
        futures.add(
            pool.submit(
                () -> {
                  JsonNode answer = client.post(path, Map.of(field, batch));
                  accepted.addAndGet(
                      answer.path("accepted").asLong(answer.path("upserted").asLong(batch.size())));
                  duplicates.addAndGet(answer.path("duplicates").asLong(0));
                  progress.update(sent.addAndGet(batch.size()));
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish(sent.get());
    return new Totals(accepted.get(), duplicates.get(), progress.seconds());
  }

  static Map<String, Object> itemJson(Item item) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("itemId", item.itemId());
    json.put("title", item.title());
    json.put("category", item.category());
    json.put("price", item.price());
    json.put("tags", item.tags());
    json.put("available", item.available());
    json.values().removeIf(v -> v == null);
    return json;
  }

  static Map<String, Object> userJson(UserProfile user) {
    return Map.of("userId", user.userId(), "attributes", user.attributes());
  }

  /** Events as POST /events takes them, with ids that depend only on the row and its repetition. */
  static List<Map<String, Object>> eventsWithIds(List<Interaction> interactions) {
    Map<String, Integer> seen = new HashMap<>();
    List<Map<String, Object>> events = new ArrayList<>(interactions.size());
    for (Interaction i : interactions) {
      String row =
          i.userId()
              + '\u001f'
              + i.itemId()
              + '\u001f'
              + i.type().wireName()
              + '\u001f'
              + i.timestamp()
              + '\u001f'
              + (i.hasValue() ? i.value() : "");
      int occurrence = seen.merge(row, 1, Integer::sum);
      Map<String, Object> event = new LinkedHashMap<>();
      event.put(
          "eventId",
          UUID.nameUUIDFromBytes((row + '#' + occurrence).getBytes(StandardCharsets.UTF_8))
              .toString());
      event.put("userId", i.userId());
      event.put("itemId", i.itemId());
      event.put("type", i.type().wireName());
      event.put("timestamp", Instant.ofEpochMilli(i.timestamp()).toString());
      if (i.hasValue()) {
        event.put("value", i.value());
      }
      events.add(event);
    }
    return events;
  }
}
