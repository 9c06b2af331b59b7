package dev.aisle.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import dev.aisle.validation.Validated;
import dev.aisle.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventValidatorTest {

  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00.123456Z");
  private final EventValidator validator = new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void readsAFullEvent() {
    Validated<Event> result =
        validate(
            """
        {"events":[{"eventId":"e1","userId":"u1","itemId":"i1","type":"purchase","value":3,
          "timestamp":"2024-06-01T13:30:00.5+02:00","sessionId":"s1","context":{"device":"mobile"}}]}""");

    assertThat(result.violations()).isEmpty();
    assertThat(result.values())
        .containsExactly(
            new Event(
                "e1",
                "u1",
                "i1",
                EventType.PURCHASE,
                3.0,
                Instant.parse("2024-06-01T11:30:00.500Z"),
                "s1",
                Map.of("device", "mobile")));
  }

  @Test
  void fillsInDefaults() {
    Event event =
        validate("{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"VIEW\"}]}")
            .values()
            .get(0);

    assertThat(event.type()).isEqualTo(EventType.VIEW);
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-06-01T12:00:00.123Z"));
    assertThat(event.eventId())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(event.value()).isNull();
    assertThat(event.context()).isEmpty();
  }

  @Test
  void listsEveryInvalidEventByIndexAndField() {
    Validated<Event> result =
        validate(
            """
        {"events":[
          {"userId":"u","itemId":"i","type":"view"},
          {"itemId":"i","type":"like"},
          {"userId":"u","itemId":"i","type":"rating"},
          {"userId":"u","itemId":"i","type":"view"}
        ]}""");

    assertThat(result.values()).isEmpty();
    assertThat(result.invalidElements()).isEqualTo(2);
    assertThat(result.violations())
        .extracting(Violation::index, Violation::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "userId"),
            org.assertj.core.groups.Tuple.tuple(1, "type"),
            org.assertj.core.groups.Tuple.tuple(2, "value"));
    assertThat(result.violations().get(1).message()).contains("\"like\"").contains("add_to_cart");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "userId missing            | {\"itemId\":\"i\",\"type\":\"view\"}                                   | userId    | is required",
        "userId empty              | {\"userId\":\"\",\"itemId\":\"i\",\"type\":\"view\"}                   | userId    | must not be empty",
        "userId blank              | {\"userId\":\"  \",\"itemId\":\"i\",\"type\":\"view\"}                 | userId    | must not be blank",
        "userId number             | {\"userId\":7,\"itemId\":\"i\",\"type\":\"view\"}                      | userId    | must be a string, not a number",
        "userId control char       | {\"userId\":\"a\\u0000b\",\"itemId\":\"i\",\"type\":\"view\"}          | userId    | control characters",
        "itemId surrogate          | {\"userId\":\"u\",\"itemId\":\"\\ud800\",\"type\":\"view\"}            | itemId    | unpaired surrogate",
        "type missing              | {\"userId\":\"u\",\"itemId\":\"i\"}                                    | type      | is required",
        "type array                | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":[\"view\"]}                | type      | must be a string, not an array",
        "eventId empty             | {\"eventId\":\"\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"} | eventId   | must not be empty",
        "rating above 5            | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":5.5}  | value     | between 0 and 5",
        "rating negative           | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":-1}   | value     | between 0 and 5",
        "rating as string          | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":\"4\"}| value     | must be a number, not a string",
        "huge number               | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":1e400}| value     | finite",
        "quantity zero             | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"purchase\",\"value\":0}  | value     | between 1 and 10000",
        "quantity fraction         | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"purchase\",\"value\":1.5}| value     | whole number",
        "value on a view           | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":1}      | value     | only allowed for rating",
        "timestamp not ISO         | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"yesterday\"}            | timestamp | ISO-8601",
        "timestamp without offset  | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2024-06-01T12:00:00\"}  | timestamp | ISO-8601",
        "timestamp as number       | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":1717243200000}            | timestamp | must be a string",
        "timestamp 6 min ahead     | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2024-06-01T12:06:01Z\"} | timestamp | 5 minutes in the future",
        "timestamp before 2000     | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"1999-12-31T23:59:59Z\"} | timestamp | before 2000",
        "context not an object     | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"context\":\"mobile\"}                 | context   | must be a JSON object of strings",
        "context nested            | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"context\":{\"d\":{\"x\":1}}}          | context.d | must be a string, not an object",
        "unknown field             | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ts\":\"x\"}                           | ts        | unknown field",
        "event not an object       | 42                                                                                           |           | must be a JSON object",
      })
  void rejects(String name, String event, String field, String message) {
    Validated<Event> result = validate("{\"events\":[" + event + "]}");

    assertThat(result.isValid()).isFalse();
    assertThat(result.values()).isEmpty();
    assertThat(result.violations())
        .anySatisfy(
            v -> {
              assertThat(v.index()).isZero();
              assertThat(v.field()).isEqualTo(field);
              assertThat(v.message()).contains(message);
            });
  }

  @Test
  void acceptsTheLimitsExactly() {
    String id = "x".repeat(EventValidator.MAX_ID_LENGTH);
    StringBuilder context = new StringBuilder();
    for (int i = 0; i < EventValidator.MAX_CONTEXT_ENTRIES; i++) {
      context
          .append(i == 0 ? "" : ",")
          .append("\"k")
          .append(i)
          .append("\":\"")
          .append("v".repeat(128))
          .append('"');
    }
    Validated<Event> result =
        validate(
            """
        {"events":[{"eventId":"%s","userId":"%s","itemId":"😀%s","type":"rating","value":5,
          "timestamp":"2024-06-01T12:05:00Z","context":{%s}}]}"""
                .formatted(id, id, "y".repeat(EventValidator.MAX_ID_LENGTH - 1), context));

    assertThat(result.violations()).isEmpty();
  }

  @Test
  void rejectsOneCharacterOverTheLimits() {
    String id = "x".repeat(EventValidator.MAX_ID_LENGTH + 1);
    StringBuilder context = new StringBuilder();
    for (int i = 0; i <= EventValidator.MAX_CONTEXT_ENTRIES; i++) {
      context.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    Validated<Event> result =
        validate(
            """
        {"events":[{"eventId":"%s","userId":"u","itemId":"i","type":"view","context":{%s}}]}"""
                .formatted(id, context));

    assertThat(result.violations())
        .extracting(Violation::field)
        .containsExactly("eventId", "context");
    assertThat(result.violations().get(0).message()).contains("at most 128 characters (got 129)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not an object   | []                           |        | must be a JSON object",
        "no events       | {}                           | events | is required",
        "events null     | {\"events\":null}            | events | is required",
        "events object   | {\"events\":{}}              | events | must be an array",
        "no event        | {\"events\":[]}              | events | 1 to 500",
        "unknown field   | {\"events\":[],\"extra\":1}  | extra  | unknown field",
      })
  void rejectsTheEnvelope(String name, String body, String field, String message) {
    Validated<Event> result = validate(body);

    assertThat(result.violations())
        .anySatisfy(
            v -> {
              assertThat(v.index()).isNull();
              assertThat(v.field()).isEqualTo(field);
              assertThat(v.message()).contains(message);
            });
  }

  @Test
  void acceptsFiveHundredEventsButNotFiveHundredAndOne() {
    String event = "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}";
    assertThat(
            validate(
                    "{\"events\":["
                        + String.join(",", java.util.Collections.nCopies(500, event))
                        + "]}")
                .values())
        .hasSize(500);
    assertThat(
            validate(
                    "{\"events\":["
                        + String.join(",", java.util.Collections.nCopies(501, event))
                        + "]}")
                .violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("got 501"));
  }

  @Test
  void generatedIdsAreDistinctAndTimeOrdered() {
    String earlier = EventIds.next(Instant.parse("2024-01-01T00:00:00Z"));
    String later = EventIds.next(Instant.parse("2024-01-01T00:00:00.001Z"));

    assertThat(earlier).isLessThan(later);
    assertThat(EventIds.next(NOW)).isNotEqualTo(EventIds.next(NOW));
  }

  private Validated<Event> validate(String json) {
    try {
      JsonNode body = Json.mapper().readTree(json);
      return validator.validate(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
