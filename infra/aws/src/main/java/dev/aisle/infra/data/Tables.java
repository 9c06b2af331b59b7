package dev.aisle.infra.data;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.TableDefinitions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.constructs.Construct;

/**
 * The four DynamoDB tables, declared from the same {@link TableDefinitions} the local stack creates
 * them from: one definition of keys and indexes, so AWS and the tests cannot drift apart.
 *
 * <p>Every table is on-demand, encrypted with the AWS managed key, with point-in-time recovery;
 * the events table expires items by {@link TableDefinitions#EXPIRES_AT}.
 */
public final class Tables extends Construct {

  /** Logical names: the keys of the definitions {@link TableDefinitions#all} returns. */
  private static final AisleSettings NAMES = AisleSettings.fromEnv(Map.of(
      "AISLE_EVENTS_TABLE", "events",
      "AISLE_ITEMS_TABLE", "items",
      "AISLE_USERS_TABLE", "users",
      "AISLE_USER_STATE_TABLE", "user-state"));

  private final Table events;
  private final Table items;
  private final Table users;
  private final Table userState;

  public Tables(Construct scope, String id, boolean retain) {
    super(scope, id);
    List<CreateTableRequest> definitions = TableDefinitions.all(NAMES);
    events = table("Events", definition(definitions, NAMES.eventsTable()), retain,
        Optional.of(TableDefinitions.EXPIRES_AT));
    items = table("Items", definition(definitions, NAMES.itemsTable()), retain, Optional.empty());
    users = table("Users", definition(definitions, NAMES.usersTable()), retain, Optional.empty());
    userState = table("UserState", definition(definitions, NAMES.userStateTable()), retain, Optional.empty());
  }

  public Table events() {
    return events;
  }

  public Table items() {
    return items;
  }

  public Table users() {
    return users;
  }

  public Table userState() {
    return userState;
  }

  private Table table(String id, CreateTableRequest definition, boolean retain, Optional<String> ttlAttribute) {
    Table.Builder builder = Table.Builder.create(this, id)
        .partitionKey(attribute(definition, KeyType.HASH, definition.keySchema()).orElseThrow())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .encryption(TableEncryption.AWS_MANAGED)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build())
        .deletionProtection(retain)
        .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    attribute(definition, KeyType.RANGE, definition.keySchema()).ifPresent(builder::sortKey);
    ttlAttribute.ifPresent(builder::timeToLiveAttribute);
    Table table = builder.build();

    definition.localSecondaryIndexes().forEach(index -> table.addLocalSecondaryIndex(
        LocalSecondaryIndexProps.builder()
            .indexName(index.indexName())
            .sortKey(attribute(definition, KeyType.RANGE, index.keySchema()).orElseThrow())
            .projectionType(projection(index.projection()))
            .nonKeyAttributes(nonKeyAttributes(index.projection()))
            .build()));
    definition.globalSecondaryIndexes().forEach(index -> table.addGlobalSecondaryIndex(
        GlobalSecondaryIndexProps.builder()
            .indexName(index.indexName())
            .partitionKey(attribute(definition, KeyType.HASH, index.keySchema()).orElseThrow())
            .sortKey(attribute(definition, KeyType.RANGE, index.keySchema()).orElse(null))
            .projectionType(projection(index.projection()))
            .nonKeyAttributes(nonKeyAttributes(index.projection()))
            .build()));
    return table;
  }

  private static CreateTableRequest definition(List<CreateTableRequest> definitions, String name) {
    return definitions.stream().filter(d -> d.tableName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("TableDefinitions has no table " + name));
  }

  private static Optional<Attribute> attribute(CreateTableRequest definition, KeyType role,
      List<KeySchemaElement> keySchema) {
    return keySchema.stream().filter(k -> k.keyType() == role).findFirst().map(key -> {
      AttributeDefinition type = definition.attributeDefinitions().stream()
          .filter(a -> a.attributeName().equals(key.attributeName())).findFirst().orElseThrow();
      return Attribute.builder().name(key.attributeName()).type(attributeType(type)).build();
    });
  }

  private static AttributeType attributeType(AttributeDefinition definition) {
    return switch (definition.attributeType()) {
      case S -> AttributeType.STRING;
      case N -> AttributeType.NUMBER;
      case B -> AttributeType.BINARY;
      default -> throw new IllegalStateException("unknown attribute type " + definition.attributeTypeAsString());
    };
  }

  private static List<String> nonKeyAttributes(Projection projection) {
    return projection.hasNonKeyAttributes() ? projection.nonKeyAttributes() : null;
  }

  private static ProjectionType projection(Projection projection) {
    return switch (projection.projectionType()) {
      case ALL -> ProjectionType.ALL;
      case KEYS_ONLY -> ProjectionType.KEYS_ONLY;
      case INCLUDE -> ProjectionType.INCLUDE;
      default -> throw new IllegalStateException("unknown projection " + projection.projectionTypeAsString());
    };
  }
}
