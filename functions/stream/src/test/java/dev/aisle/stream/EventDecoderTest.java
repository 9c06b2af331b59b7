package dev.aisle.stream;

import static dev.aisle.stream.TestEvents.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventDecoderTest {

  private final EventDecoder decoder = new EventDecoder();

  @Test
  void decodesWhatTheApiPublishes() throws PoisonRecord {
    Event sent = TestEvents.event("e-1", "ada", "shoes-1", EventType.PURCHASE, 2.0);

    Event decoded = decoder.decode(TestEvents.record("t", 0, 1, sent));

    assertThat(decoded).isEqualTo(sent);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json                 | {not json                                                                         | not_an_event",
        "a JSON array             | []                                                                                | not_an_event",
        "unknown type             | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"like\",\"timestamp\":\"2026-01-01T00:00:00Z\"} | not_an_event",
        "no eventId               | {\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
        "no itemId                | {\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
        "no type                  | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
        "no timestamp             | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}                       | invalid",
        "control character        | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\\u0000\",\"type\":\"view\",\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
        "rating above 5           | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"value\":9,\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
        "rating without value     | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"rating\",\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
        "NaN value                | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"value\":\"NaN\",\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
        "negative quantity        | {\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"purchase\",\"value\":-1,\"timestamp\":\"2026-01-01T00:00:00Z\"} | invalid",
      })
  void refusesPoison(String name, String value, String reason) {
    KafkaRecord record = TestEvents.raw("t", 0, 1, "u", base64(value));

    assertThatThrownBy(() -> decoder.decode(record))
        .isInstanceOfSatisfying(PoisonRecord.class, p -> assertThat(p.reason()).isEqualTo(reason));
  }

  @Test
  void refusesUndecodableAndMisroutedRecords() {
    Event event = TestEvents.event("e-2", "ada", "shoes-1", EventType.VIEW);
    String value = base64(TestEvents.json(event));

    assertReason(TestEvents.raw("t", 0, 1, "ada", "%%% not base64"), "not_base64");
    assertReason(TestEvents.raw("t", 0, 1, "ada", null), "empty");
    assertReason(TestEvents.raw("t", 0, 1, "someone-else", value), "invalid");
    assertReason(
        TestEvents.raw(
            "t",
            0,
            1,
            "ada",
            base64(
                TestEvents.json(
                    TestEvents.event("x".repeat(129), "ada", "shoes-1", EventType.VIEW)))),
        "invalid");
    assertThat(new KafkaRecord("t", 0, 1, 0, "CREATE_TIME", null, value, List.of()))
        .satisfies(unkeyed -> assertThat(decodes(unkeyed)).isTrue());
  }

  private void assertReason(KafkaRecord record, String reason) {
    assertThatThrownBy(() -> decoder.decode(record))
        .isInstanceOfSatisfying(PoisonRecord.class, p -> assertThat(p.reason()).isEqualTo(reason));
  }

  private boolean decodes(KafkaRecord record) {
    try {
      decoder.decode(record);
      return true;
    } catch (PoisonRecord p) {
      return false;
    }
  }
}
