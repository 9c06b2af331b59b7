package dev.aisle.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.state.UserState;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.kafka.KafkaClients;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.storage.local.StackEnv;
import dev.aisle.storage.s3.ModelStore;
import dev.aisle.stream.PlantedModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Freshness of the running local stack: for N new shoppers, one by one, send one click on a known
 * item and poll until it shows, then print p50/p95/p99 of the time from send to visible (target
 * locally: p95 ≤ 1 s).
 *
 * <p>Send: {@code POST /events} on the running api. Visible: {@code GET /recommendations} answers
 * with {@code source=realtime}. Where the running api does not serve those routes yet, the bench
 * says so and falls back to what the api would do (publish to the interactions topic, key userId)
 * and to what serving reads (the shopper's user-state holds the event, folded against the current
 * model).
 *
 * <pre>
 *   infra/local/stack.sh up
 *   ./mvnw -B -pl functions/stream -Pfreshness-bench verify [-Dbench.args="--shoppers 200 --plant-model"]
 * </pre>
 *
 * {@code --plant-model} publishes a small synthetic model when the models bucket has none.
 */
public final class FreshnessBench {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final AisleSettings settings;
  private final URI api;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final DynamoDbClient dynamo;
  private final UserStateStore states;
  private final KafkaProducer<String, String> producer;

  private FreshnessBench(AisleSettings settings, URI api) {
    this.settings = settings;
    this.api = api;
    this.dynamo = AwsClients.dynamoDb(settings);
    this.states = new UserStateStore(dynamo, settings.userStateTable());
    this.producer = new KafkaProducer<>(KafkaClients.producer(settings));
  }

  public static void main(String[] args) throws Exception {
    int shoppers = 200;
    boolean plant = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shoppers" -> shoppers = Integer.parseInt(args[++i]);
        case "--plant-model" -> plant = true;
        default -> {
          System.err.println("usage: FreshnessBench [--shoppers N] [--plant-model]");
          System.exit(2);
        }
      }
    }
    AisleSettings settings = LocalStack.ensureUp();
    Map<String, String> env =
        StackEnv.read(LocalStack.repositoryRoot().resolve(StackEnv.RELATIVE_PATH));
    URI api = URI.create(env.getOrDefault("AISLE_API_URL", "http://127.0.0.1:8080"));
    Model model = currentModel(settings, plant);
    FreshnessBench bench = new FreshnessBench(settings, api);
    try {
      bench.run(model, shoppers);
    } finally {
      bench.producer.close();
      bench.dynamo.close();
    }
  }

  private void run(Model model, int shoppers) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    boolean viaApi = answers("POST", "/events", "{\"events\":[]}");
    boolean viaRecommendations =
        answers("GET", "/recommendations?userId=freshness-probe&k=1", null);
    System.out.printf(
        "freshness: %d shoppers, model %s (%d items); send via %s; visible via %s%n",
        shoppers,
        model.version(),
        model.items().size(),
        viaApi ? "POST /events" : "Kafka (api has no POST /events yet)",
        viaRecommendations
            ? "GET /recommendations source=realtime"
            : "user-state (api has no GET /recommendations yet)");
    long[] micros = new long[shoppers];
    int timeouts = 0;
    for (int i = 0; i < shoppers; i++) {
      String userId = "freshness-" + run + "-" + i;
      String itemId = model.items().idAt(i % model.items().size());
      Event click =
          new Event(
              userId + "-click",
              userId,
              itemId,
              EventType.CLICK,
              null,
              Instant.now(),
              null,
              Map.of());
      long started = System.nanoTime();
      send(click, viaApi);
      boolean visible =
          viaRecommendations
              ? awaitRealtime(userId, started)
              : awaitUserState(click, model, started);
      micros[i] = (System.nanoTime() - started) / 1000;
      if (!visible) {
        timeouts++;
      }
      if ((i + 1) % 50 == 0) {
        System.out.printf("  %d/%d shoppers%n", i + 1, shoppers);
      }
    }
    Arrays.sort(micros);
    System.out.printf(
        "send → visible: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms; timeouts (> %d s) %d; "
            + "target p95 ≤ 1000 ms: %s%n",
        pct(micros, 50),
        pct(micros, 95),
        pct(micros, 99),
        micros[micros.length - 1] / 1000.0,
        TIMEOUT.toSeconds(),
        timeouts,
        pct(micros, 95) <= 1000 && timeouts == 0 ? "met" : "NOT met");
  }

  private void send(Event click, boolean viaApi) throws Exception {
    String json = Json.mapper().writeValueAsString(click);
    if (viaApi) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(api.resolve("/events"))
                  .header("content-type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + json + "]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "POST /events answered " + response.statusCode() + ": " + response.body());
      }
    } else {
      producer.send(new ProducerRecord<>(settings.interactionsTopic(), click.userId(), json)).get();
    }
  }

  private boolean awaitRealtime(String userId, long started) throws Exception {
    HttpRequest get =
        HttpRequest.newBuilder(api.resolve("/recommendations?k=10&userId=" + userId)).GET().build();
    while (System.nanoTime() - started < TIMEOUT.toNanos()) {
      HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        JsonNode body = Json.mapper().readTree(response.body());
        if ("realtime".equals(body.path("source").asText())) {
          return true;
        }
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    return false;
  }

  private boolean awaitUserState(Event click, Model model, long started)
      throws InterruptedException {
    while (System.nanoTime() - started < TIMEOUT.toNanos()) {
      Optional<UserState> state = states.get(click.userId());
      if (state.isPresent()
          && model.version().equals(state.get().modelVersion())
          && state.get().recent().stream().anyMatch(e -> e.eventId().equals(click.eventId()))) {
        return true;
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    return false;
  }

  /** Whether the running api serves a route (anything but 404/405). */
  private boolean answers(String method, String path, String body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(api.resolve(path)).header("content-type", "application/json");
      request =
          body == null
              ? request.GET()
              : request.method(method, HttpRequest.BodyPublishers.ofString(body));
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      return status != 404 && status != 405;
    } catch (Exception e) {
      throw new IllegalStateException(
          "the api at " + api + " does not answer; is the local stack up?", e);
    }
  }

  private static Model currentModel(AisleSettings settings, boolean plant) {
    try (S3Client s3 = AwsClients.s3(settings)) {
      ModelStore store = new ModelStore(s3, settings.modelsBucket());
      Optional<String> version = store.currentVersion();
      if (version.isEmpty()) {
        if (!plant) {
          System.err.println(
              "no model is published in "
                  + settings.modelsBucket()
                  + ": train one (trainer/aisle-trainer train …) or pass --plant-model");
          System.exit(2);
        }
        String planted =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .format(Instant.now().atZone(java.time.ZoneOffset.UTC))
                + "-freshness";
        PlantedModel.publish(store, PlantedModel.build(planted));
        System.out.printf(
            "published the synthetic model %s (the poller and the api pick it up within their "
                + "refresh interval)%n",
            planted);
        waitForRefresh();
        return store.load(planted);
      }
      return store.load(version.get());
    }
  }

  private static void waitForRefresh() {
    try {
      Thread.sleep(Duration.ofSeconds(12).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double pct(long[] sortedMicros, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.length) - 1;
    return sortedMicros[Math.max(0, Math.min(index, sortedMicros.length - 1))] / 1000.0;
  }
}
