package dev.aisle.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.validation.BatchBody;
import dev.aisle.validation.JsonFields;
import dev.aisle.validation.Validated;
import dev.aisle.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of {@code POST /users} ({@code {"users":[...]}}, 1–500 users): {@code userId} required,
 * 1–128 characters; {@code attributes} an object of at most 32 strings (keys 1–64, values 1–128
 * characters), e.g. {@code {"country":"DE","device":"mobile"}}. Other fields are rejected.
 */
public final class UserValidator {

  public static final int MAX_USERS = 500;
  public static final int MAX_ID_LENGTH = dev.aisle.validation.Ids.MAX_LENGTH;
  public static final int MAX_ATTRIBUTES = 32;
  public static final int MAX_ATTRIBUTE_KEY_LENGTH = 64;
  public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 128;

  private static final List<String> FIELDS = List.of("userId", "attributes");

  private UserValidator() {}

  public static Validated<UserProfile> validate(JsonNode body) {
    List<Violation> violations = new ArrayList<>();
    JsonNode elements = BatchBody.elements(body, "users", MAX_USERS, violations);
    List<UserProfile> users = new ArrayList<>();
    for (int i = 0; elements != null && i < elements.size(); i++) {
      JsonFields f = JsonFields.of(elements.get(i), i, violations);
      f.rejectUnknown(FIELDS);
      String userId = f.requiredText("userId", MAX_ID_LENGTH);
      Map<String, String> attributes =
          f.optionalTextMap(
              "attributes", MAX_ATTRIBUTES, MAX_ATTRIBUTE_KEY_LENGTH, MAX_ATTRIBUTE_VALUE_LENGTH);
      if (f.valid()) {
        users.add(new UserProfile(userId, attributes));
      }
    }
    return Validated.of(users, violations);
  }
}
