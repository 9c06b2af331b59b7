package dev.aisle.storage.dynamo;

import dev.aisle.catalog.UserProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The users table: {@code userId} and an {@code attributes} map of strings (country, device…). */
public final class UserStore {

  private final DynamoDbClient dynamo;
  private final String table;

  public UserStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** Upserts: a profile sent again replaces the stored one. */
  public void putAll(List<UserProfile> users) {
    BatchWriter.putAll(dynamo, table, users.stream().map(UserStore::toItem).toList());
  }

  public Optional<UserProfile> get(String userId) {
    return get(userId, null);
  }

  /**
   * @param override per-request SDK settings (e.g. tight read timeouts), or null for the client's
   *     own
   */
  public Optional<UserProfile> get(String userId, AwsRequestOverrideConfiguration override) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(table)
                        .key(Map.of(TableDefinitions.USER_ID, AttributeValue.fromS(userId)))
                        .overrideConfiguration(override))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  public Stream<UserProfile> scan() {
    return dynamo.scanPaginator(b -> b.tableName(table)).items().stream().map(UserStore::fromItem);
  }

  static Map<String, AttributeValue> toItem(UserProfile user) {
    Map<String, AttributeValue> out = new HashMap<>();
    out.put(TableDefinitions.USER_ID, AttributeValue.fromS(user.userId()));
    out.put(
        "attributes",
        AttributeValue.fromM(
            user.attributes().entrySet().stream()
                .collect(
                    Collectors.toMap(Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue())))));
    return out;
  }

  static UserProfile fromItem(Map<String, AttributeValue> item) {
    AttributeValue attributes = item.get("attributes");
    return new UserProfile(
        item.get(TableDefinitions.USER_ID).s(),
        attributes == null
            ? Map.of()
            : attributes.m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s())));
  }
}
