package dev.aisle.infra.data;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.DeployConfig.Capacity;
import dev.aisle.infra.config.DeployConfig.CapacityMode;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.dynamo.TableDefinitions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.EnableScalingProps;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.IScalableTableAttribute;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableClass;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.UtilizationScalingProps;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.constructs.Construct;

/**
 * The six DynamoDB tables, declared from the same {@link TableDefinitions} the local stack creates
 * them from: one definition of keys and indexes, so AWS and the tests cannot drift apart.
 *
 * <p>Every table is encrypted with the AWS managed key, with point-in-time recovery; the events
 * table expires items by {@link TableDefinitions#EXPIRES_AT}. Tables are on-demand, except that
 * {@code aisle:tableCapacity=provisioned} puts the two hot tables (events and user-state, written
 * once or more per event) in provisioned capacity with auto scaling: at a steady billion events a
 * month that costs well under half of on-demand (docs/cost.md). The events table may use the
 * Standard-IA class, which halves storage at a quarter more per request.
 */
public final class Tables extends Construct {

  /** Logical names: the keys of the definitions {@link TableDefinitions#all} returns. */
  private static final AisleSettings NAMES =
      AisleSettings.fromEnv(
          Map.of(
              "AISLE_EVENTS_TABLE", "events",
              "AISLE_ITEMS_TABLE", "items",
              "AISLE_USERS_TABLE", "users",
              "AISLE_USER_STATE_TABLE", "user-state",
              "AISLE_OUTBOX_TABLE", "outbox",
              "AISLE_ERASURES_TABLE", "erasures"));

  /** Auto scaling keeps consumed capacity near this share of provisioned capacity. */
  static final int TARGET_UTILIZATION_PERCENT = 70;

  private static final int SPARSE_INDEX_MIN_CAPACITY = 1;
  private static final Set<String> SPARSE_INDEXES =
      Set.of(TableDefinitions.UNAVAILABLE_ITEMS_INDEX);

  private final Table events;
  private final Table items;
  private final Table users;
  private final Table userState;
  private final Table outbox;
  private final Table erasures;

  /** How one table is billed: on-demand, or provisioned between bounds. */
  private record Billing(Optional<Capacity> read, Optional<Capacity> write, TableClass tableClass) {

    static final Billing ON_DEMAND =
        new Billing(Optional.empty(), Optional.empty(), TableClass.STANDARD);

    boolean provisioned() {
      return write.isPresent();
    }
  }

  public Tables(Construct scope, String id, boolean retain, DeployConfig.Tables settings) {
    super(scope, id);
    List<CreateTableRequest> definitions = TableDefinitions.all(NAMES);
    boolean provisioned = settings.capacity() == CapacityMode.PROVISIONED;
    TableClass eventsClass =
        settings.eventsInfrequentAccess()
            ? TableClass.STANDARD_INFREQUENT_ACCESS
            : TableClass.STANDARD;
    events =
        table(
            "Events",
            definition(definitions, NAMES.eventsTable()),
            retain,
            Optional.of(TableDefinitions.EXPIRES_AT),
            provisioned
                ? new Billing(
                    Optional.of(settings.eventsRead()),
                    Optional.of(settings.eventsWrite()),
                    eventsClass)
                : new Billing(Optional.empty(), Optional.empty(), eventsClass));
    items =
        table(
            "Items",
            definition(definitions, NAMES.itemsTable()),
            retain,
            Optional.empty(),
            Billing.ON_DEMAND);
    users =
        table(
            "Users",
            definition(definitions, NAMES.usersTable()),
            retain,
            Optional.empty(),
            Billing.ON_DEMAND);
    userState =
        table(
            "UserState",
            definition(definitions, NAMES.userStateTable()),
            retain,
            Optional.empty(),
            provisioned
                ? new Billing(
                    Optional.of(settings.userStateRead()),
                    Optional.of(settings.userStateWrite()),
                    TableClass.STANDARD)
                : Billing.ON_DEMAND);
    // one short-lived entry per POST /events request: small, on-demand in every profile
    outbox =
        table(
            "Outbox",
            definition(definitions, NAMES.outboxTable()),
            retain,
            Optional.empty(),
            Billing.ON_DEMAND);
    // erasure records and tombstones (salted hashes only): a few small items per erasure,
    // TTL-expired
    erasures =
        table(
            "Erasures",
            definition(definitions, NAMES.erasuresTable()),
            retain,
            Optional.of(TableDefinitions.EXPIRES_AT),
            Billing.ON_DEMAND);
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

  public Table outbox() {
    return outbox;
  }

  public Table erasures() {
    return erasures;
  }

  private Table table(
      String id,
      CreateTableRequest definition,
      boolean retain,
      Optional<String> ttlAttribute,
      Billing billing) {
    Table.Builder builder =
        Table.Builder.create(this, id)
            .partitionKey(attribute(definition, KeyType.HASH, definition.keySchema()).orElseThrow())
            .billingMode(
                billing.provisioned() ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST)
            .encryption(TableEncryption.AWS_MANAGED)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .deletionProtection(retain)
            .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    attribute(definition, KeyType.RANGE, definition.keySchema()).ifPresent(builder::sortKey);
    ttlAttribute.ifPresent(builder::timeToLiveAttribute);
    if (billing.tableClass() != TableClass.STANDARD) {
      builder.tableClass(billing.tableClass());
    }
    billing.read().ifPresent(read -> builder.readCapacity(read.min()));
    billing.write().ifPresent(write -> builder.writeCapacity(write.min()));
    Table table = builder.build();
    if (billing.provisioned()) {
      scale(table.autoScaleReadCapacity(bounds(billing.read().orElseThrow())));
      scale(table.autoScaleWriteCapacity(bounds(billing.write().orElseThrow())));
    }

    definition
        .localSecondaryIndexes()
        .forEach(
            index ->
                table.addLocalSecondaryIndex(
                    LocalSecondaryIndexProps.builder()
                        .indexName(index.indexName())
                        .sortKey(
                            attribute(definition, KeyType.RANGE, index.keySchema()).orElseThrow())
                        .projectionType(projection(index.projection()))
                        .nonKeyAttributes(nonKeyAttributes(index.projection()))
                        .build()));
    definition
        .globalSecondaryIndexes()
        .forEach(
            index -> {
              GlobalSecondaryIndexProps.Builder props =
                  GlobalSecondaryIndexProps.builder()
                      .indexName(index.indexName())
                      .partitionKey(
                          attribute(definition, KeyType.HASH, index.keySchema()).orElseThrow())
                      .sortKey(attribute(definition, KeyType.RANGE, index.keySchema()).orElse(null))
                      .projectionType(projection(index.projection()))
                      .nonKeyAttributes(nonKeyAttributes(index.projection()));
              Optional<Capacity> read =
                  billing.read().map(bounds -> indexBounds(index.indexName(), bounds));
              Optional<Capacity> write =
                  billing.write().map(bounds -> indexBounds(index.indexName(), bounds));
              read.ifPresent(bounds -> props.readCapacity(bounds.min()));
              write.ifPresent(bounds -> props.writeCapacity(bounds.min()));
              table.addGlobalSecondaryIndex(props.build());
              read.ifPresent(
                  bounds ->
                      scale(
                          table.autoScaleGlobalSecondaryIndexReadCapacity(
                              index.indexName(), bounds(bounds))));
              write.ifPresent(
                  bounds ->
                      scale(
                          table.autoScaleGlobalSecondaryIndexWriteCapacity(
                              index.indexName(), bounds(bounds))));
            });
    return table;
  }

  /**
   * A full index (byAcceptTime: one entry per event) gets the table's bounds: an index short of
   * write capacity throttles the table's writes. A sparse one (the outbox, unavailable items)
   * starts at one unit and scales up when it fills.
   */
  private static Capacity indexBounds(String index, Capacity table) {
    return SPARSE_INDEXES.contains(index)
        ? new Capacity(SPARSE_INDEX_MIN_CAPACITY, table.max())
        : table;
  }

  private static EnableScalingProps bounds(Capacity capacity) {
    return EnableScalingProps.builder()
        .minCapacity(capacity.min())
        .maxCapacity(capacity.max())
        .build();
  }

  private static void scale(IScalableTableAttribute attribute) {
    attribute.scaleOnUtilization(
        UtilizationScalingProps.builder()
            .targetUtilizationPercent(TARGET_UTILIZATION_PERCENT)
            .build());
  }

  private static CreateTableRequest definition(List<CreateTableRequest> definitions, String name) {
    return definitions.stream()
        .filter(d -> d.tableName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("TableDefinitions has no table " + name));
  }

  private static Optional<Attribute> attribute(
      CreateTableRequest definition, KeyType role, List<KeySchemaElement> keySchema) {
    return keySchema.stream()
        .filter(k -> k.keyType() == role)
        .findFirst()
        .map(
            key -> {
              AttributeDefinition type =
                  definition.attributeDefinitions().stream()
                      .filter(a -> a.attributeName().equals(key.attributeName()))
                      .findFirst()
                      .orElseThrow();
              return Attribute.builder()
                  .name(key.attributeName())
                  .type(attributeType(type))
                  .build();
            });
  }

  private static AttributeType attributeType(AttributeDefinition definition) {
    return switch (definition.attributeType()) {
      case S -> AttributeType.STRING;
      case N -> AttributeType.NUMBER;
      case B -> AttributeType.BINARY;
      default ->
          throw new IllegalStateException(
              "unknown attribute type " + definition.attributeTypeAsString());
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
      default ->
          throw new IllegalStateException(
              "unknown projection " + projection.projectionTypeAsString());
    };
  }
}
