package dev.aisle.api.serving;

import static dev.aisle.api.serving.ServingCalls.recommend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.aisle.api.LocalStackResource;
import dev.aisle.api.LoopbackLambdaEvents;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.faults.FaultyProxy;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.storage.s3.ModelStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A slow DynamoDB (every answer held 20 s by a TCP proxy in front of the local server, the api's
 * configured endpoint) costs {@code GET /recommendations} its read timeouts (attempt 250 ms, call
 * 600 ms: the production defaults) and a degraded answer — 200, {@code source: popular} — instead
 * of the seconds a request-path DynamoDB call may take. When the table answers again, the same
 * shopper is served from their fresh vector again.
 */
@QuarkusTest
@TestProfile(SlowReadsIT.BehindProxy.class)
class SlowReadsIT {

  /** User-state and latest events side by side (≤ 600 ms), then the attributes (≤ 600 ms). */
  private static final Duration READS = Duration.ofMillis(1200);

  @Inject AisleSettings settings;

  @Inject S3Client s3;

  FaultyProxy proxy;

  @Test
  void aSlowTableDegradesTheAnswerWithinTheReadBudget() {
    try (DynamoDbClient direct = AwsClients.dynamoDb(ProxyResource.stack)) {
      PlantedModels.publishV1UnlessCurrent(new ModelStore(s3, settings.modelsBucket()));
      PlantedModels.plantShoppers(direct, ProxyResource.stack);
    }
    // u4's user-state holds a fresh vector for v1: a fast table serves it
    assertThat(recommend("userId=u4&k=3").getString("source")).isEqualTo("realtime");

    proxy.delay(Duration.ofSeconds(20));
    long start = System.nanoTime();
    JsonPath slow =
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> recommend("userId=u4&k=3"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf("SlowReadsIT: degraded answer in %d ms%n", took.toMillis());

    assertThat(slow.getString("source")).as("degraded to the popular list").isEqualTo("popular");
    assertThat(slow.getString("modelVersion")).isEqualTo("v1");
    assertThat(slow.getList("items.itemId", String.class)).hasSize(3);
    // the read budget plus slack for the busy shared machine (1,984 ms measured at a load average
    // of 27); with the client's request timeouts (1 s / 3 s) it takes two 3 s calls: 6 s or more
    assertThat(took).as("answered within the read budget").isLessThan(READS.plusMillis(2300));

    proxy.heal();
    assertThat(recommend("userId=u4&k=3").getString("source")).isEqualTo("realtime");
  }

  /**
   * Serving on isolated tables and buckets, reaching DynamoDB through a proxy the test controls.
   */
  public static class BehindProxy implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(ProxyResource.class),
          new TestResourceEntry(LoopbackLambdaEvents.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new HashMap<>();
      overrides.put("aisle.serving.preload", "false");
      // the production read timeouts (the other tests run with the %test profile's longer ones)
      for (String prefix : List.of("", "%test.")) {
        overrides.put(prefix + "aisle.serving.read-attempt-timeout", "250ms");
        overrides.put(prefix + "aisle.serving.read-call-timeout", "600ms");
      }
      return overrides;
    }
  }

  /**
   * Isolated tables and buckets on the local stack ({@link LocalStackResource}) with {@link
   * ServingStack}'s fast refreshes, the api's DynamoDB endpoint behind a {@link FaultyProxy}.
   */
  public static class ProxyResource implements QuarkusTestResourceLifecycleManager {

    /** The stack's settings with the real endpoint: the test plants its data directly. */
    static AisleSettings stack;

    private FaultyProxy proxy;

    @Override
    public Map<String, String> start() {
      stack = LocalStackResource.isolate(LocalStack.ensureUp());
      LocalProvisioner.ensure(stack);
      proxy = FaultyProxy.inFrontOf(stack.dynamodbEndpoint().orElseThrow());
      Map<String, String> properties =
          new HashMap<>(
              LocalStackResource.properties(stack.withDynamodbEndpoint(proxy.endpoint())));
      properties.put("aisle.serving.model-refresh", "500ms");
      properties.put("aisle.serving.unavailable-refresh", "300ms");
      properties.put("aisle.serving.segments-refresh", "300ms");
      properties.put("aisle.serving.catalog-refresh", "300ms");
      return properties;
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(proxy, new TestInjector.MatchesType(FaultyProxy.class));
    }

    @Override
    public void stop() {
      if (proxy != null) {
        proxy.close();
      }
      if (stack != null) {
        LocalStackResource.remove(stack);
      }
    }
  }
}
