package dev.aisle.api.serving;

import dev.aisle.api.LocalStackResource;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link LocalStackResource} (isolated tables, buckets and topics on the local stack, removed
 * afterwards) with fast serving refreshes, so tests see model swaps and catalog changes within a
 * second or two.
 */
public class ServingStack extends LocalStackResource {

  @Override
  public Map<String, String> start() {
    Map<String, String> properties = new HashMap<>(super.start());
    properties.put("aisle.serving.model-refresh", "500ms");
    properties.put("aisle.serving.unavailable-refresh", "300ms");
    properties.put("aisle.serving.segments-refresh", "300ms");
    properties.put("aisle.serving.catalog-refresh", "300ms");
    return properties;
  }
}
