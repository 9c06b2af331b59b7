package dev.aisle.catalog;

import java.util.Map;

/**
 * A shopper's attributes (country, device, channel, onboarding answers…): the input of
 * segmentation.
 */
public record UserProfile(String userId, Map<String, String> attributes) {

  public UserProfile {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
