package dev.aisle.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.json.Json;
import dev.aisle.validation.Validated;
import dev.aisle.validation.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserValidatorTest {

  @Test
  void readsUsers() throws Exception {
    Validated<UserProfile> result =
        UserValidator.validate(
            Json.mapper()
                .readTree(
                    """
        {"users":[{"userId":"u1","attributes":{"country":"DE","device":"mobile"}},{"userId":"u2"}]}"""));

    assertThat(result.values())
        .containsExactly(
            new UserProfile("u1", Map.of("country", "DE", "device", "mobile")),
            new UserProfile("u2", Map.of()));
  }

  @Test
  void rejectsNonStringAttributesAndBadKeys() throws Exception {
    Validated<UserProfile> result =
        UserValidator.validate(
            Json.mapper()
                .readTree(
                    """
        {"users":[{"userId":"u1","attributes":{"age":34,"":"x","tab\\tkey":"y"}}]}"""));

    assertThat(result.violations())
        .extracting(Violation::field, Violation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("attributes.age", "must be a string, not a number"),
            org.assertj.core.groups.Tuple.tuple("attributes", "key \"\" must not be empty"),
            org.assertj.core.groups.Tuple.tuple(
                "attributes",
                "key \"tab\\u0009key\" must not contain control characters (found U+0009 at position 3)"));
  }
}
