package dev.aisle.api.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.error.BadRequestException;
import dev.aisle.catalog.UserProfile;
import dev.aisle.catalog.UserValidator;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.UserStore;
import dev.aisle.validation.Validated;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /users} with {@code {"users":[...]}} (1–500 users, rules in {@link UserValidator}) →
 * {@code {"accepted":N}}: each profile replaces the stored one with the same id (the attributes are
 * the input of segmentation). An id repeated in one request: the last one wins.
 */
@ApplicationScoped
public class UsersFunction {

  private final UserStore users;

  UsersFunction(DynamoDbClient dynamo, AisleSettings settings) {
    this.users = new UserStore(dynamo, settings.usersTable());
  }

  @Funq("users")
  public Upserted users(JsonNode body) {
    Validated<UserProfile> batch = UserValidator.validate(WriteRequests.require(body, "users"));
    if (!batch.isValid()) {
      throw BadRequestException.invalidBatch(batch, body.path("users").size(), "users");
    }
    Map<String, UserProfile> lastById = new LinkedHashMap<>();
    batch.values().forEach(user -> lastById.put(user.userId(), user));
    List<UserProfile> unique = List.copyOf(lastById.values());
    WriteRequests.upsert("users", () -> users.putAll(unique));
    return new Upserted(unique.size());
  }
}
