package dev.aisle.api.ingest;

import dev.aisle.api.LocalStackResource;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.BatchWriter;
import dev.aisle.storage.dynamo.EventRecords;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Ingest throughput on the local stack, in one run: the same events written (1) raw, with
 * BatchWriteItem of 25 straight into an events table, and (2) through {@code POST /events} of an
 * api process the bench starts on its own port, tables and topic (the local build, {@code
 * functions/api/target/local/quarkus-app/quarkus-run.jar}, started like stack.sh starts it), once
 * per deduplication mode. Prints events/s, request latencies and the api/raw ratio; the target (≥
 * 0.7) applies to the first mode, the local stack's read-before-write, and sets the exit code. Not
 * a test: run it with {@code ./mvnw -B -Dlocal -pl functions/api package} and then {@code ./mvnw -B
 * -pl functions/api -Pingest-bench test-compile exec:java}.
 */
@Command(
    name = "ingest-bench",
    mixinStandardHelpOptions = true,
    description = "POST /events throughput next to raw BatchWriteItem on the local stack.")
public final class IngestBench implements Callable<Integer> {

  private static final Pattern ACCEPTED =
      Pattern.compile("\"accepted\":(\\d+),\"duplicates\":(\\d+),\"deferred\":(\\d+)");

  /** A 503 is resent after its Retry-After, as a client would, this many times at most. */
  private static final int RESENDS = 10;

  private static final double TARGET = 0.7;

  @Option(
      names = "--events",
      defaultValue = "50000",
      description = "Events per measurement (default ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--threads",
      defaultValue = "4",
      description = "Client threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "Events per POST /events (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--modes",
      split = ",",
      defaultValue = "read-before-write,conditional-put",
      description = "Deduplication modes of the api to measure (default ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(
      names = "--api-jar",
      description =
          "The local api build (default: functions/api/target/local/quarkus-app/quarkus-run.jar).")
  Path apiJar;

  @Option(
      names = "--api-jvm",
      split = ",",
      defaultValue = "-Xmx512m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1",
      description =
          "JVM options of the api, comma-separated (default: stack.sh's, ${DEFAULT-VALUE}).")
  List<String> apiJvm;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger resent = new AtomicInteger();

  public static void main(String[] args) {
    int exit = new CommandLine(new IngestBench()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (apiJar == null) {
      apiJar = LocalApi.defaultJar();
    }
    if (!Files.exists(apiJar)) {
      System.err.println(
          "no local api build at " + apiJar + ": run ./mvnw -B -Dlocal -pl functions/api package");
      return 2;
    }
    AisleSettings stack = LocalStack.ensureUp();
    List<Event> all = generate(events);
    System.out.printf(
        Locale.ROOT,
        "ingest bench: %,d events, %d client threads, %d events per request; "
            + "2 cores shared with the local stack, figures are noisy%n",
        events,
        threads,
        batch);

    double raw = raw(stack, all);
    List<String> summary = new ArrayList<>();
    summary.add(String.format(Locale.ROOT, "raw BatchWriteItem      %,9.0f events/s", raw));
    Boolean met = null;
    for (String mode : modes) {
      double api = api(stack, all, mode);
      // the target is the first mode's: the local stack's (read-before-write); the others compare
      met = met == null ? api >= TARGET * raw : met;
      summary.add(
          String.format(
              Locale.ROOT,
              "POST /events %-17s %,9.0f events/s  = %.2f × raw%s",
              mode,
              api,
              api / raw,
              summary.size() == 1 ? String.format(Locale.ROOT, " (target ≥ %.1f)", TARGET) : ""));
    }
    System.out.println();
    summary.forEach(System.out::println);
    return met == null || met ? 0 : 1;
  }

  /**
   * BatchWriteItem of 25, {@code threads} writers, into a fresh events table of the same
   * definition.
   */
  private double raw(AisleSettings stack, List<Event> all) throws Exception {
    AisleSettings settings = LocalStackResource.isolate(stack);
    LocalProvisioner.ensure(settings);
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      long acceptedAt = Instant.now().toEpochMilli();
      List<Map<String, AttributeValue>> rows =
          all.stream()
              .map(
                  e -> {
                    Map<String, AttributeValue> row = EventRecords.toItem(e, 0);
                    row.put("acceptedAt", AttributeValue.fromN(Long.toString(acceptedAt)));
                    return row;
                  })
              .toList();
      System.out.printf("raw: writing %,d rows to %s%n", rows.size(), settings.eventsTable());
      BatchWriter.putAll(
          dynamo, settings.eventsTable(), rows.subList(0, Math.min(500, rows.size())));
      long start = System.nanoTime();
      runChunks(
          rows.size(),
          (from, to) -> BatchWriter.putAll(dynamo, settings.eventsTable(), rows.subList(from, to)),
          BatchWriter.MAX_BATCH);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "raw: %,d events in %.1f s = %,.0f events/s (table holds %,d)%n",
          rows.size(),
          seconds,
          rows.size() / seconds,
          count(dynamo, settings.eventsTable()));
      return rows.size() / seconds;
    } finally {
      LocalStackResource.remove(settings);
    }
  }

  /** POST /events with {@code threads} clients against an api of its own in {@code mode}. */
  private double api(AisleSettings stack, List<Event> all, String mode) throws Exception {
    AisleSettings settings = LocalStackResource.isolate(stack);
    LocalProvisioner.ensure(settings);
    try (LocalApi api =
            LocalApi.start(apiJar, apiJvm, settings, Map.of("AISLE_INGEST_DEDUPLICATION", mode));
        DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      System.out.printf(
          "api (%s): starting %s on %s (log %s)%n", mode, apiJar, api.uri("/"), api.log());
      api.awaitHealthy(Duration.ofSeconds(120));
      URI uri = api.uri("/events");
      List<String> bodies = bodies(all);
      System.out.printf(
          "api (%s): posting %,d requests to %s (events table %s)%n",
          mode, bodies.size(), uri, settings.eventsTable());
      post(uri, bodies(generate(batch)).get(0));
      long[] latencies = new long[bodies.size()];
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger duplicates = new AtomicInteger();
      AtomicInteger deferred = new AtomicInteger();
      resent.set(0);
      long start = System.nanoTime();
      runChunks(
          bodies.size(),
          (from, to) -> {
            for (int i = from; i < to; i++) {
              long t0 = System.nanoTime();
              int[] answer = post(uri, bodies.get(i));
              latencies[i] = System.nanoTime() - t0;
              accepted.addAndGet(answer[0]);
              duplicates.addAndGet(answer[1]);
              deferred.addAndGet(answer[2]);
            }
          },
          1);
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencies);
      System.out.printf(
          Locale.ROOT,
          "api (%s): %,d events in %.1f s = %,.0f events/s; accepted %,d, deferred %,d, "
              + "requests resent after a 503 %,d; request p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (table holds %,d with the "
              + "warm-up)%n",
          mode,
          all.size(),
          seconds,
          all.size() / seconds,
          accepted.get(),
          deferred.get(),
          resent.get(),
          percentile(latencies, 0.50),
          percentile(latencies, 0.95),
          percentile(latencies, 0.99),
          count(dynamo, settings.eventsTable()));
      // a resend finds what its 503'd attempt stored as duplicates: together they are every event
      if (accepted.get() + duplicates.get() != all.size()) {
        throw new IllegalStateException(
            "the api took "
                + (accepted.get() + duplicates.get())
                + " of "
                + all.size()
                + " events");
      }
      return all.size() / seconds;
    } finally {
      LocalStackResource.remove(settings);
    }
  }

  /**
   * {accepted, duplicates, deferred} of one POST /events, resent after a 503 as its Retry-After
   * says.
   */
  private int[] post(URI uri, String body) {
    try {
      for (int attempt = 0; ; attempt++) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503 && attempt < RESENDS) {
          resent.incrementAndGet();
          Thread.sleep(
              1000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1")));
          continue;
        }
        Matcher m = ACCEPTED.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
          throw new IllegalStateException(
              "POST /events answered " + response.statusCode() + ": " + response.body());
        }
        return new int[] {
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
        };
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private interface Chunk {
    void run(int from, int to) throws Exception;
  }

  /**
   * Splits [0, size) into chunks of {@code step}, handed out to {@code threads} workers in turn.
   */
  private void runChunks(int size, Chunk work, int step) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int from = next.getAndAdd(step); from < size; from = next.getAndAdd(step)) {
                    work.run(from, Math.min(size, from + step));
                  }
                  return null;
                }));
      }
      for (Future<Void> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> bodies(List<Event> all) {
    List<String> bodies = new ArrayList<>();
    for (int start = 0; start < all.size(); start += batch) {
      StringBuilder body = new StringBuilder("{\"events\":[");
      for (int i = start; i < Math.min(all.size(), start + batch); i++) {
        Event e = all.get(i);
        body.append(i == start ? "" : ",")
            .append("{\"eventId\":\"")
            .append(e.eventId())
            .append("\",\"userId\":\"")
            .append(e.userId())
            .append("\",\"itemId\":\"")
            .append(e.itemId())
            .append("\",\"type\":\"")
            .append(e.type().wireName())
            .append('"')
            .append(e.value() == null ? "" : ",\"value\":" + e.value().intValue())
            .append(",\"timestamp\":\"")
            .append(e.timestamp())
            .append("\",\"context\":{\"device\":\"")
            .append(e.context().get("device"))
            .append("\"}}");
      }
      bodies.add(body.append("]}").toString());
    }
    return bodies;
  }

  /** Events of 5,000 shoppers on 2,000 items, mostly views, each with a unique id. */
  private static List<Event> generate(int count) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Instant base = Instant.now().minus(Duration.ofDays(1));
    EventType[] types = {
      EventType.VIEW,
      EventType.VIEW,
      EventType.VIEW,
      EventType.CLICK,
      EventType.ADD_TO_CART,
      EventType.PURCHASE,
      EventType.RATING
    };
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      EventType type = types[i % types.length];
      Double value =
          switch (type) {
            case PURCHASE -> Double.valueOf(1 + i % 3);
            case RATING -> Double.valueOf(i % 6);
            default -> null;
          };
      events.add(
          new Event(
              run + "-" + i,
              "shopper-" + (i * 7919 % 5000),
              "item-" + (i * 104729 % 2000),
              type,
              value,
              base.plusMillis(i * 1000L),
              null,
              Map.of("device", i % 3 == 0 ? "mobile" : "desktop")));
    }
    return events;
  }

  private static long count(DynamoDbClient dynamo, String table) {
    return dynamo.scanPaginator(b -> b.tableName(table).select(Select.COUNT)).stream()
        .mapToLong(r -> r.count())
        .sum();
  }

  private static double percentile(long[] sortedNanos, double p) {
    return sortedNanos.length == 0
        ? 0
        : sortedNanos[(int) Math.min(sortedNanos.length - 1, p * sortedNanos.length)] / 1e6;
  }
}
