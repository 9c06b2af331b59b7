package dev.aisle.storage.dynamo;

import dev.aisle.catalog.UserProfile;
import dev.aisle.event.EventType;
import dev.aisle.serving.Shopper;
import dev.aisle.serving.ShopperLookup;
import dev.aisle.state.UserState;
import dev.aisle.state.UserState.RecentEvent;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Shoppers as serving and batch {@code recommend} read them from DynamoDB: the user-state row
 * (consistent read) and, side by side with it, the newest {@code latestEvents} rows of the events
 * table's {@code byTime} index (one query, bounded by its limit whatever the shopper did);
 * attributes from the users table when a segment is needed.
 *
 * <p>A read that fails degrades the answer instead of failing it (no fresh vector, no recent
 * events, no attributes); each kind of read logs its first failure and its recovery, not every
 * failing request. Serving gives its reads tight timeouts ({@link AwsClients.Timeouts#READS} by
 * default): a slow table then costs a request a few hundred milliseconds and a degraded (segment or
 * popular) answer, not seconds.
 */
public final class ShopperTables implements ShopperLookup {

  private static final Logger LOG = LoggerFactory.getLogger(ShopperTables.class);

  private final DynamoDbClient dynamo;
  private final String eventsTable;
  private final UserStateStore states;
  private final UserStore users;
  private final int latestEvents;
  private final Executor executor;
  private final AwsRequestOverrideConfiguration reads;
  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

  /**
   * Reads with the client's own timeouts (batch {@code recommend}).
   *
   * @param latestEvents how many of a shopper's newest events are read (0 skips the query)
   * @param executor runs the events query beside the user-state read
   */
  public ShopperTables(
      DynamoDbClient dynamo, AisleSettings settings, int latestEvents, Executor executor) {
    this(dynamo, settings, latestEvents, executor, null);
  }

  /**
   * @param readTimeouts the attempt and call timeouts of every read (they have a fallback), or null
   *     for the client's own
   */
  public ShopperTables(
      DynamoDbClient dynamo,
      AisleSettings settings,
      int latestEvents,
      Executor executor,
      AwsClients.Timeouts readTimeouts) {
    this.reads = readTimeouts == null ? null : readTimeouts.override();
    this.dynamo = dynamo;
    this.eventsTable = settings.eventsTable();
    this.states = new UserStateStore(dynamo, settings.userStateTable());
    this.users = new UserStore(dynamo, settings.usersTable());
    this.latestEvents = latestEvents;
    this.executor = executor;
  }

  @Override
  public Shopper find(String userId) {
    // the two reads run side by side: their latencies do not add up
    CompletableFuture<Latest> latest =
        CompletableFuture.supplyAsync(
            () -> degraded("latest_events", () -> latest(userId), Latest.NONE), executor);
    UserState state = degraded("user_state", () -> states.get(userId, reads).orElse(null), null);
    Latest events = latest.join();
    return new Shopper(userId, state, events.events(), events.acceptedAt());
  }

  @Override
  public Map<String, String> attributes(String userId) {
    return degraded(
        "user_profile",
        () -> users.get(userId, reads).map(UserProfile::attributes).orElse(Map.of()),
        Map.of());
  }

  private record Latest(List<RecentEvent> events, Instant acceptedAt) {
    static final Latest NONE = new Latest(List.of(), null);
  }

  private Latest latest(String userId) {
    if (latestEvents <= 0) {
      return Latest.NONE;
    }
    var response =
        dynamo.query(
            b ->
                b.tableName(eventsTable)
                    .indexName(TableDefinitions.EVENTS_BY_TIME_INDEX)
                    .keyConditionExpression("#u = :u")
                    .projectionExpression("#e, #i, #t, #v, #ts, #a")
                    .expressionAttributeNames(
                        Map.of(
                            "#u",
                            TableDefinitions.USER_ID,
                            "#e",
                            TableDefinitions.EVENT_ID,
                            "#i",
                            TableDefinitions.ITEM_ID,
                            "#t",
                            "type",
                            "#v",
                            "value",
                            "#ts",
                            TableDefinitions.TIMESTAMP,
                            "#a",
                            EventStore.ACCEPTED_AT))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                    .scanIndexForward(false)
                    .limit(latestEvents)
                    .overrideConfiguration(reads));
    List<RecentEvent> events = new ArrayList<>(response.items().size());
    Instant accepted = null;
    for (Map<String, AttributeValue> row : response.items()) {
      RecentEvent event = event(row);
      if (event == null) {
        continue;
      }
      events.add(event);
      AttributeValue at = row.get(EventStore.ACCEPTED_AT);
      Instant acceptedAt =
          at == null ? event.timestamp() : Instant.ofEpochMilli(Long.parseLong(at.n()));
      if (accepted == null || acceptedAt.isAfter(accepted)) {
        accepted = acceptedAt;
      }
    }
    return new Latest(events, accepted);
  }

  /** One stored event as fold-in reads it; null for a row it cannot use. */
  private static RecentEvent event(Map<String, AttributeValue> row) {
    AttributeValue item = row.get(TableDefinitions.ITEM_ID);
    AttributeValue type = row.get("type");
    AttributeValue ts = row.get(TableDefinitions.TIMESTAMP);
    if (item == null || type == null || ts == null) {
      return null;
    }
    EventType eventType = EventType.fromWire(type.s()).orElse(null);
    if (eventType == null) {
      return null;
    }
    AttributeValue value = row.get("value");
    AttributeValue id = row.get(TableDefinitions.EVENT_ID);
    return new RecentEvent(
        id == null ? null : id.s(),
        item.s(),
        eventType,
        value == null ? null : Double.valueOf(value.n()),
        Instant.ofEpochMilli(Long.parseLong(ts.n())));
  }

  private <T> T degraded(String what, Supplier<T> read, T fallback) {
    try {
      T value = read.get();
      if (failing.remove(what) != null) {
        LOG.info("event=lookup_recovered what={}", what);
      }
      return value;
    } catch (RuntimeException e) {
      if (failing.putIfAbsent(what, Boolean.TRUE) == null) {
        LOG.warn("event=lookup_failed what={} error={}", what, e.toString());
      }
      return fallback;
    }
  }
}
