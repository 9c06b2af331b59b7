package dev.aisle.api.serving;

import dev.aisle.api.LoopbackLambdaEvents;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Serving tests run in an application of their own on {@link ServingStack}'s isolated tables and
 * buckets. Each subclass is a separate application (and separate resources), so tests that publish
 * different models or segments do not see each other's.
 */
public class ServingProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    // global test resources are off: the loopback Lambda event server is listed here
    return List.of(
        new TestResourceEntry(ServingStack.class),
        new TestResourceEntry(LoopbackLambdaEvents.class));
  }

  @Override
  public boolean disableGlobalTestResources() {
    return true;
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    // the model is loaded by the first request, after the test planted it (the test port is the
    // module's: %test.quarkus.http.test-port, moved by the environment where runs share a machine)
    return Map.of("aisle.serving.preload", "false");
  }

  /** The application of the model-swap test. */
  public static class Swap extends ServingProfile {}

  /**
   * The application of the cold-start checksum test (its first model is read with its part
   * checksums deferred).
   */
  public static class ColdStart extends ServingProfile {}

  /** The application of the segment test. */
  public static class Segments extends ServingProfile {}

  /**
   * The application of the shopper token test: personalized reads need a token of this secret (or
   * the old one).
   */
  public static class Tokens extends ServingProfile {
    static final String SECRET = "token-test-secret";
    static final String OLD_SECRET = "token-test-old-secret";

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new java.util.HashMap<>(super.getConfigOverrides());
      overrides.put("aisle.shopper-token.secret", SECRET + "," + OLD_SECRET);
      return overrides;
    }
  }

  /** The application of the new-item exploration test: the catalog is re-read every second. */
  public static class Exploration extends ServingProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> overrides = new java.util.HashMap<>(super.getConfigOverrides());
      overrides.put("aisle.serving.catalog-refresh", "1s");
      return overrides;
    }
  }
}
