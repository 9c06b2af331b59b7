package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.api.InjectStack;
import dev.aisle.api.LocalStackResource;
import dev.aisle.catalog.Item;
import dev.aisle.catalog.UserProfile;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.UserStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The happy paths of the write routes, on the local stack: what is answered, stored and published.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class IngestIT {

  @InjectStack AisleSettings settings;

  private DynamoDbClient dynamo;
  private EventStore events;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void connect() {
    dynamo = AwsClients.dynamoDb(settings);
    events =
        new EventStore(
            dynamo, settings.eventsTable(), EventStore.Deduplication.CONDITIONAL_PUT, 2, null);
  }

  @AfterEach
  void close() {
    events.close();
    dynamo.close();
  }

  @Test
  void eventsAreStoredAndPublishedNormalized() {
    Exchange.Answer answer =
        Exchange.http(
            Exchange.Request.postJson(
                "/events",
                """
        {"events":[
          {"eventId":"%1$s-1","userId":"%1$s-u1","itemId":"i1","type":"purchase","value":2,
           "timestamp":"2024-06-01T14:00:00.250+02:00","sessionId":"s1","context":{"device":"mobile","country":"DE"}},
          {"eventId":"%1$s-2","userId":"%1$s-u2","itemId":"i2","type":"rating","value":4.5},
          {"eventId":"%1$s-3","userId":"%1$s-u1","itemId":"i3","type":"add_to_cart","timestamp":"2024-06-01T12:00:01Z"}
        ]}"""
                    .formatted(run)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(json("{\"accepted\":3,\"duplicates\":0,\"deferred\":0}"));
    Event first =
        new Event(
            run + "-1",
            run + "-u1",
            "i1",
            EventType.PURCHASE,
            2.0,
            Instant.parse("2024-06-01T12:00:00.250Z"),
            "s1",
            Map.of("device", "mobile", "country", "DE"));
    List<Event> stored = storedEvents();
    assertThat(stored).hasSize(3).contains(first);
    assertThat(stored)
        .filteredOn(e -> e.eventId().endsWith("-2"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.timestamp()).isBetween(Instant.now().minusSeconds(60), Instant.now()));
    assertThat(TopicReader.read(settings, ids(stored), Duration.ofSeconds(20)))
        .containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  void anEventWithoutIdGetsATimeOrderedOne() {
    Exchange.Answer answer =
        Exchange.http(
            Exchange.Request.postJson(
                "/events",
                "{\"events\":[{\"userId\":\"%s-anon\",\"itemId\":\"i1\",\"type\":\"view\"}]}"
                    .formatted(run)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(events.scan().filter(e -> e.userId().equals(run + "-anon")).toList())
        .singleElement()
        .satisfies(e -> assertThat(e.eventId()).matches("[0-9a-f-]{14}7[0-9a-f-]{21}"));
  }

  @Test
  void theSameEventIdTwiceIsStoredAndPublishedOnce() {
    String body =
        "{\"events\":[{\"eventId\":\"%1$s-dup\",\"userId\":\"%1$s-u\",\"itemId\":\"i\",\"type\":\"click\"}]}"
            .formatted(run);

    Exchange.Answer first = Exchange.http(Exchange.Request.postJson("/events", body));
    Exchange.Answer again =
        Exchange.http(Exchange.Request.postJson("/events", body.replace("click", "view")));
    Exchange.Answer twiceInOneBatch =
        Exchange.http(
            Exchange.Request.postJson(
                "/events",
                "{\"events\":[{\"eventId\":\"%1$s-pair\",\"userId\":\"%1$s-u\",\"itemId\":\"i\",\"type\":\"view\"},"
                        .formatted(run)
                    + "{\"eventId\":\"%1$s-pair\",\"userId\":\"%1$s-u\",\"itemId\":\"i\",\"type\":\"view\"}]}"
                        .formatted(run)));

    assertThat(first.json()).isEqualTo(json("{\"accepted\":1,\"duplicates\":0,\"deferred\":0}"));
    assertThat(again.json()).isEqualTo(json("{\"accepted\":0,\"duplicates\":1,\"deferred\":0}"));
    assertThat(twiceInOneBatch.json())
        .isEqualTo(json("{\"accepted\":1,\"duplicates\":1,\"deferred\":0}"));
    List<Event> stored = storedEvents();
    assertThat(stored)
        .extracting(Event::eventId)
        .containsExactlyInAnyOrder(run + "-dup", run + "-pair");
    assertThat(stored)
        .filteredOn(e -> e.eventId().endsWith("-dup"))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EventType.CLICK));
    // a duplicate is not published again: each event reached the topic once, in its first version
    assertThat(
            TopicReader.read(
                settings, List.of(run + "-dup", run + "-pair"), Duration.ofSeconds(20)))
        .extracting(Event::eventId)
        .containsExactlyInAnyOrder(run + "-dup", run + "-pair");
  }

  @Test
  void fiveHundredEventsAndExactlyOneMebibyteAreAccepted() {
    StringBuilder body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 500; i++) {
      body.append(i == 0 ? "" : ",")
          .append(
              "{\"eventId\":\"%s-big-%d\",\"userId\":\"%s-big\",\"itemId\":\"i%d\",\"type\":\"view\"}"
                  .formatted(run, i, run, i));
    }
    body.append("]}");
    body.append(" ".repeat(1024 * 1024 - body.length()));

    Exchange.Answer answer = Exchange.http(Exchange.Request.postJson("/events", body.toString()));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("accepted").asInt()).isEqualTo(500);
    assertThat(storedEvents()).hasSize(500);
  }

  @Test
  void itemsAreUpsertedAndUnavailableOnesIndexed() {
    String tent = run + "-tent";
    Exchange.Answer first =
        Exchange.http(
            Exchange.Request.postJson(
                "/items",
                """
        {"items":[{"itemId":"%s","title":"Tent","category":"outdoor","price":199.5,"tags":["camping"]},
                  {"itemId":"%s-stove","available":false}]}"""
                    .formatted(tent, run)));
    Exchange.Answer update =
        Exchange.http(
            Exchange.Request.postJson(
                "/items",
                """
        {"items":[{"itemId":"%1$s","title":"Old tent"},{"itemId":"%1$s","title":"Tent 2","price":149,"available":false}]}"""
                    .formatted(tent)));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json()).isEqualTo(json("{\"accepted\":2}"));
    assertThat(update.json()).isEqualTo(json("{\"accepted\":1}"));
    ItemStore items = new ItemStore(dynamo, settings.itemsTable());
    assertThat(items.getAll(List.of(tent, run + "-stove")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                tent,
                new Item(tent, "Tent 2", null, 149.0, List.of(), false),
                run + "-stove",
                new Item(run + "-stove", null, null, null, List.of(), false)));
    assertThat(items.unavailableIds()).contains(tent, run + "-stove");
  }

  @Test
  void userAttributesAreUpserted() {
    Exchange.Answer answer =
        Exchange.http(
            Exchange.Request.postJson(
                "/users",
                """
        {"users":[{"userId":"%1$s-a","attributes":{"country":"DE","device":"mobile"}},{"userId":"%1$s-b"}]}"""
                    .formatted(run)));

    assertThat(answer.json()).isEqualTo(json("{\"accepted\":2}"));
    UserStore users = new UserStore(dynamo, settings.usersTable());
    assertThat(users.get(run + "-a"))
        .contains(new UserProfile(run + "-a", Map.of("country", "DE", "device", "mobile")));
    assertThat(users.get(run + "-b")).contains(new UserProfile(run + "-b", Map.of()));
  }

  private List<Event> storedEvents() {
    return events.scan().filter(e -> e.eventId().startsWith(run)).toList();
  }

  private static List<String> ids(List<Event> events) {
    List<String> ids = new ArrayList<>();
    events.forEach(e -> ids.add(e.eventId()));
    return ids;
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return dev.aisle.json.Json.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
