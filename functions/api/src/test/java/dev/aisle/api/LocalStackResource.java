package dev.aisle.api;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.local.IsolatedStack;
import dev.aisle.storage.local.LocalProvisioner;
import dev.aisle.storage.local.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Points a {@code @QuarkusTest} application at the local stack, on tables, buckets and topics of
 * its own: starts the stack if it does not answer ({@code stack.sh up}), creates the resources with
 * a random suffix, hands their names to the application as {@code aisle.*} properties, fills test
 * fields annotated {@link InjectStack} with the same settings, and deletes everything when the
 * application stops. The outbox relay checks every second and takes entries older than 3 seconds.
 *
 * <p>Use: {@code @QuarkusTest @WithTestResource(LocalStackResource.class)}. Test classes with the
 * same resources share one application and one set of tables: give each test its own ids.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

  private AisleSettings settings;

  @Override
  public Map<String, String> start() {
    settings = isolate(LocalStack.ensureUp());
    LocalProvisioner.ensure(settings);
    return properties(settings);
  }

  /** The stack's settings with a unique suffix on every table, bucket and topic name. */
  public static AisleSettings isolate(AisleSettings stack) {
    return stack.withSuffix("-it-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** The application properties for {@code settings}, with test-friendly ingestion timings. */
  public static Map<String, String> properties(AisleSettings settings) {
    Map<String, String> properties = new HashMap<>(settings.toProperties());
    properties.put("aisle.ingest.relay-interval", "1s");
    properties.put("aisle.ingest.relay-after", "3s");
    return properties;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        settings, new TestInjector.AnnotatedAndMatchesType(InjectStack.class, AisleSettings.class));
  }

  @Override
  public void stop() {
    if (settings != null) {
      remove(settings);
    }
  }

  /** Deletes the tables, buckets (with their objects) and topics of {@code settings}. */
  public static void remove(AisleSettings settings) {
    IsolatedStack.remove(settings);
  }
}
