package dev.aisle.api.ingest;

import dev.aisle.api.LocalStackResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * An application of its own on tables of its own, for tests that assert on a whole table (nothing
 * stored) and must not see the rows of other test classes.
 */
public class IsolatedStackProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(LocalStackResource.class));
  }
}
