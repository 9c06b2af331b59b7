package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.InjectStack;
import dev.aisle.api.LocalStackResource;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.Deadline;
import dev.aisle.storage.dynamo.EventKey;
import dev.aisle.storage.dynamo.EventStore;
import dev.aisle.storage.dynamo.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /outbox-relay}, the request the EventBridge schedule sends the api function every
 * minute (an API Gateway v2 event; API Gateway itself has no such route): it publishes what a
 * request that died after storing its events left in the outbox, deletes the entry, and reports.
 * The background relay is off here, so only the scheduled call can have done it.
 */
@QuarkusTest
@TestProfile(OutboxRelayFunctionIT.ScheduleOnly.class)
class OutboxRelayFunctionIT {

  /** The schedule's static input, as docs/reliability.md gives it to the CDK app. */
  static final String SCHEDULE_EVENT =
      """
      {"version":"2.0","routeKey":"$default","rawPath":"/outbox-relay","rawQueryString":"","headers":{},"isBase64Encoded":false,
      "requestContext":{"accountId":"123456789012","apiId":"aisle-schedule","domainName":"aisle-schedule","requestId":"outbox-relay",
      "routeKey":"$default","stage":"$default","timeEpoch":0,"http":{"method":"POST","path":"/outbox-relay","protocol":"HTTP/1.1",
      "sourceIp":"127.0.0.1","userAgent":"aisle-schedule"}}}""";

  @InjectStack AisleSettings settings;

  @Test
  void theScheduledCallPublishesWhatADeadRequestLeftAndEmptiesTheOutbox() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Event> stranded = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      stranded.add(
          new Event(
              run + "-" + i,
              run + "-u" + i % 3,
              "item-" + i,
              EventType.VIEW,
              null,
              Instant.parse("2026-12-02T09:00:00Z").plusSeconds(i),
              null,
              Map.of()));
    }
    Instant accepted = Instant.now().minusSeconds(60);
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings);
        EventStore store =
            new EventStore(
                dynamo,
                settings.eventsTable(),
                EventStore.Deduplication.CONDITIONAL_PUT,
                2,
                null)) {
      // what a request leaves when its process dies between the table and Kafka
      new Outbox(dynamo, settings.outboxTable())
          .hold(stranded.stream().map(EventKey::of).toList(), accepted, Deadline.none());
      store.putNew(stranded, accepted);

      Exchange.Answer scheduled = Exchange.lambdaEvent(SCHEDULE_EVENT);
      Exchange.Answer again =
          Exchange.lambda(new Exchange.Request("POST", "/outbox-relay", Map.of(), null));
      Exchange.Answer get =
          Exchange.http(new Exchange.Request("GET", "/outbox-relay", Map.of(), null));

      assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
      JsonNode report = scheduled.json();
      assertThat(report.get("relayed").asInt()).isEqualTo(12);
      assertThat(report.get("entries").asInt()).isEqualTo(1);
      assertThat(report.get("drained").asBoolean()).isTrue();
      assertThat(report.get("waiting").asLong()).isZero();
      assertThat(again.json().get("relayed").asInt()).as("a second run finds nothing").isZero();
      assertThat(get.status()).isEqualTo(405);
      assertThat(new Outbox(dynamo, settings.outboxTable()).backlog(Instant.now()).oldest())
          .isEmpty();
    }
    List<String> ids = stranded.stream().map(Event::eventId).toList();
    List<String> published =
        TopicReader.read(settings, ids, Duration.ofSeconds(30)).stream()
            .map(Event::eventId)
            .toList();
    assertThat(Bodies.notExactlyOnce(ids, published)).isEmpty();
  }

  /** Isolated tables; no background relay in the application. */
  public static class ScheduleOnly implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(NoBackgroundRelay.class));
    }
  }

  public static class NoBackgroundRelay extends LocalStackResource {

    @Override
    public Map<String, String> start() {
      Map<String, String> properties = new HashMap<>(super.start());
      properties.put("aisle.ingest.relay-interval", "0");
      return properties;
    }
  }
}
