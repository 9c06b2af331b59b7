package dev.aisle.api.ingest;

import dev.aisle.api.LocalStackResource;
import dev.aisle.event.Event;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.Outbox;
import dev.aisle.storage.faults.FaultyProxy;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ingest soak: the api's local build under wrk ({@code functions/api/bench/soak.lua}) for
 * {@code --minutes}, with a Kafka restart and a DynamoDB pause in the middle, then the count: every
 * eventId of an accepted request (200) must be in the events table and on the topic, every stored
 * event on the topic, and no answer may be a 5xx other than 503 with Retry-After. Prints the counts
 * and exits 1 on any violation.
 *
 * <p>Its own resources: tables on the local DynamoDB server, reached through a {@link FaultyProxy}
 * (the pause holds every byte, both ways, connections open), and a Kafka broker of its own ({@link
 * ThrowawayKafka}: stopped, then started again on its data). The shared stack is only used, never
 * disturbed. Not a test; run: {@code ./mvnw -B -Dlocal -pl functions/api package} then {@code
 * ./mvnw -B -pl functions/api -Psoak test-compile exec:java [-Dexec.args="--minutes 10"]}.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description =
        "POST /events under wrk with a Kafka restart and a DynamoDB pause; counts what was lost.")
public final class Soak implements Callable<Integer> {

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "Length of the wrk run (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "wrk threads = connections (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--batch",
      defaultValue = "20",
      description = "Events per request (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--outage",
      defaultValue = "30s",
      description = "How long Kafka is down and DynamoDB paused (default ${DEFAULT-VALUE}).")
  Duration outage;

  @Option(
      names = "--api-jar",
      description =
          "The local api build (default: functions/api/target/local/quarkus-app/quarkus-run.jar).")
  Path apiJar;

  private final long started = System.nanoTime();

  public static void main(String[] args) {
    int exit =
        new CommandLine(new Soak()).registerConverter(Duration.class, Soak::duration).execute(args);
    System.exit(exit);
  }

  @Override
  public Integer call() throws Exception {
    Path jar = apiJar == null ? LocalApi.defaultJar() : apiJar;
    Duration length = Duration.ofMillis((long) (minutes * 60_000));
    String run = "soak" + UUID.randomUUID().toString().substring(0, 6);
    Path work = Files.createTempDirectory("aisle-soak-");
    AisleSettings direct = LocalStackResource.isolate(LocalStack.ensureUp());
    log(
        "run %s: %s of wrk (%d connections, %d events per request), Kafka down for %s at 30%%, DynamoDB paused "
            + "for %s at 60%%; work files in %s; 2 cores shared with the local stack and other work",
        run, length, threads, batch, outage, outage, work);
    try (ThrowawayKafka broker = ThrowawayKafka.format()) {
      broker.start();
      AisleSettings settings = direct.withKafkaBootstrap(broker.bootstrap());
      LocalProvisioner.ensure(settings);
      try (FaultyProxy dynamo = FaultyProxy.inFrontOf(settings.dynamodbEndpoint().orElseThrow());
          LocalApi api =
              LocalApi.start(
                  jar,
                  LocalApi.JVM,
                  settings.withDynamodbEndpoint(dynamo.endpoint()),
                  Map.of(
                      "AISLE_INGEST_WRITE_BUDGET",
                      "5s",
                      "AISLE_INGEST_RELAY_INTERVAL",
                      "1s",
                      "AISLE_INGEST_RELAY_SWEEP",
                      "15s"))) {
        log(
            "api on %s (log %s), DynamoDB through %s, Kafka %s",
            api.uri("/"), api.log(), dynamo.endpoint(), broker.bootstrap());
        api.awaitHealthy(Duration.ofSeconds(120));
        Process wrk = wrk(api, run, length, work);
        at(
            length.multipliedBy(3).dividedBy(10),
            () -> {
              log("Kafka: stopping the broker");
              broker.stop();
              sleep(outage);
              log("Kafka: starting the broker again");
              broker.start();
              log("Kafka: back");
            });
        at(
            length.multipliedBy(6).dividedBy(10),
            () -> {
              log("DynamoDB: pausing (every byte held, connections open)");
              dynamo.pause();
              sleep(outage);
              dynamo.resume();
              log("DynamoDB: resumed");
            });
        if (!wrk.waitFor(length.toSeconds() + 120, TimeUnit.SECONDS)) {
          wrk.destroyForcibly();
          throw new IllegalStateException("wrk did not end");
        }
        log("wrk ended (exit %d); waiting for the outbox to drain", wrk.exitValue());
        awaitDrained(settings);
      }
      return count(settings, run, work);
    } finally {
      LocalStackResource.remove(direct);
    }
  }

  private Process wrk(LocalApi api, String run, Duration length, Path work) throws IOException {
    Path script = LocalStack.repositoryRoot().resolve("functions/api/bench/soak.lua");
    List<String> command =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + threads,
            "-d" + length.toSeconds() + "s",
            "--timeout",
            "60s",
            "-s",
            script.toString(),
            api.uri("/events").toString(),
            "--",
            run,
            Integer.toString(batch),
            work.toString());
    log("%s", String.join(" ", command));
    return new ProcessBuilder(command).inheritIO().start();
  }

  /** Waits until no outbox entry is left (the relay published what the outages deferred). */
  private void awaitDrained(AisleSettings settings) throws InterruptedException {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      Outbox outbox = new Outbox(dynamo, settings.outboxTable());
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      Outbox.Backlog backlog = outbox.backlog(Instant.now());
      while (backlog.oldest().isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(2000);
        backlog = outbox.backlog(Instant.now());
      }
      log("outbox: %d entries, %d events waiting", backlog.entries(), backlog.events());
    }
  }

  /** Reads wrk's logs, the table and the topic; prints the counts; 0 when nothing was lost. */
  private int count(AisleSettings settings, String run, Path work) throws IOException {
    Map<Integer, Integer> statuses = new TreeMap<>();
    Set<String> accepted = new HashSet<>();
    int requests = 0;
    int unanswered = 0;
    int unavailableWithoutRetryAfter = 0;
    for (int t = 0; t < threads; t++) {
      Map<Integer, String[]> answers = new HashMap<>();
      int sent = 0;
      for (String line : Files.readAllLines(work.resolve("thread-" + t + ".log"))) {
        String[] f = line.split(" ");
        if (f[0].equals("Q")) {
          sent++;
        } else if (f[0].equals("R")) {
          answers.put(Integer.parseInt(f[1]), f);
        }
      }
      requests += sent;
      unanswered += sent - answers.size();
      for (Map.Entry<Integer, String[]> answer : answers.entrySet()) {
        int status = Integer.parseInt(answer.getValue()[2]);
        statuses.merge(status, 1, Integer::sum);
        if (status == 200) {
          for (int k = 0; k < batch; k++) {
            accepted.add("%s-t%d-%d-%d".formatted(run, t, answer.getKey(), k));
          }
        } else if (status == 503 && answer.getValue()[3].equals("-")) {
          unavailableWithoutRetryAfter++;
        }
      }
    }
    Set<String> stored = new HashSet<>();
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
        EventStore store =
            new EventStore(
                dynamo,
                settings.eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                2,
                null)) {
      store.scan().map(Event::eventId).forEach(stored::add);
    }
    Map<String, Integer> topic = TopicReader.countAll(settings, Duration.ofMinutes(5));
    long acceptedNotStored = accepted.stream().filter(id -> !stored.contains(id)).count();
    long acceptedNotOnTopic = accepted.stream().filter(id -> !topic.containsKey(id)).count();
    long storedNotOnTopic = stored.stream().filter(id -> !topic.containsKey(id)).count();
    long onTopicTwice = topic.values().stream().filter(n -> n > 1).count();
    long otherServerErrors =
        statuses.entrySet().stream()
            .filter(e -> e.getKey() >= 500 && e.getKey() != 503)
            .mapToLong(Map.Entry::getValue)
            .sum();
    long clientErrors =
        statuses.entrySet().stream()
            .filter(e -> e.getKey() >= 400 && e.getKey() < 500)
            .mapToLong(Map.Entry::getValue)
            .sum();

    System.out.println();
    System.out.printf(Locale.ROOT, "requests sent                 %,10d%n", requests);
    statuses.forEach(
        (status, n) ->
            System.out.printf(Locale.ROOT, "  answered %d                  %,10d%n", status, n));
    System.out.printf(Locale.ROOT, "  no answer (connection lost) %,10d%n", unanswered);
    System.out.printf(Locale.ROOT, "accepted eventIds (200)       %,10d%n", accepted.size());
    System.out.printf(Locale.ROOT, "eventIds in the events table  %,10d%n", stored.size());
    System.out.printf(
        Locale.ROOT,
        "distinct eventIds on the topic%,10d  (%,d on it more than once)%n",
        topic.size(),
        onTopicTwice);
    System.out.printf(Locale.ROOT, "accepted, not in the table    %,10d%n", acceptedNotStored);
    System.out.printf(Locale.ROOT, "accepted, not on the topic    %,10d%n", acceptedNotOnTopic);
    System.out.printf(Locale.ROOT, "stored, not on the topic      %,10d%n", storedNotOnTopic);
    System.out.printf(Locale.ROOT, "5xx other than 503            %,10d%n", otherServerErrors);
    System.out.printf(
        Locale.ROOT, "503 without Retry-After       %,10d%n", unavailableWithoutRetryAfter);
    System.out.printf(Locale.ROOT, "4xx                           %,10d%n", clientErrors);
    boolean ok =
        acceptedNotStored == 0
            && acceptedNotOnTopic == 0
            && storedNotOnTopic == 0
            && otherServerErrors == 0
            && unavailableWithoutRetryAfter == 0
            && clientErrors == 0
            && !accepted.isEmpty();
    System.out.println(ok ? "soak: nothing lost" : "soak: FAILED");
    return ok ? 0 : 1;
  }

  private void at(Duration offset, Runnable action) {
    Thread thread =
        new Thread(
            () -> {
              sleep(offset);
              action.run();
            },
            "soak-fault");
    thread.setDaemon(true);
    thread.start();
  }

  private void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[soak %6.1fs] %s%n",
        (System.nanoTime() - started) / 1e9,
        format.formatted(args));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    if (t.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Duration.parse(t.toUpperCase(Locale.ROOT));
  }
}
