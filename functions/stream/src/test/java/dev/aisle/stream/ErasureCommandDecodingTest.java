package dev.aisle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.event.EventType;
import dev.aisle.storage.kafka.ErasureCommand;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Erasure commands on the interactions topic: told from events by their header, checked like
 * events.
 */
class ErasureCommandDecodingTest {

  private final EventDecoder decoder = new EventDecoder();

  @Test
  void aCommandIsToldFromAnEventByItsHeaderAndDecoded() throws PoisonRecord {
    ErasureCommand sent =
        new ErasureCommand("0f1e2d3c-0000-4000-8000-000000000001", "ada@example.com");
    KafkaRecord record = command("ada@example.com", sent.toJson(), "erasure");

    assertThat(EventDecoder.isErasure(record)).isTrue();
    assertThat(
            EventDecoder.isErasure(
                TestEvents.record(
                    "t", 0, 1, TestEvents.event("e-1", "ada", "shoes-1", EventType.VIEW))))
        .isFalse();
    assertThat(EventDecoder.isErasure(command("ada", sent.toJson(), "something-else"))).isFalse();
    assertThat(decoder.decodeErasure(record)).isEqualTo(sent);
    assertThat(sent.toString()).as("logs never carry the shopper id").doesNotContain("ada");
  }

  @Test
  void aCommandThatIsNotValidIsPoison() {
    byte[] good = new ErasureCommand("0f1e2d3c-0000-4000-8000-000000000001", "ada").toJson();
    assertThatThrownBy(() -> decoder.decodeErasure(command("bob", good, "erasure")))
        .isInstanceOfSatisfying(
            PoisonRecord.class, p -> assertThat(p.reason()).isEqualTo("invalid"));
    assertThatThrownBy(
            () ->
                decoder.decodeErasure(
                    command("ada", "{not json".getBytes(StandardCharsets.UTF_8), "erasure")))
        .isInstanceOfSatisfying(
            PoisonRecord.class, p -> assertThat(p.reason()).isEqualTo("not_a_command"));
    assertThatThrownBy(
            () ->
                decoder.decodeErasure(
                    command(
                        "ada", "{\"userId\":\"ada\"}".getBytes(StandardCharsets.UTF_8), "erasure")))
        .isInstanceOfSatisfying(
            PoisonRecord.class, p -> assertThat(p.reason()).isEqualTo("not_a_command"));
    assertThatThrownBy(
            () ->
                decoder.decodeErasure(
                    command(
                        "a\u0000",
                        new ErasureCommand("0f1e2d3c-0000-4000-8000-000000000001", "a\u0000")
                            .toJson(),
                        "erasure")))
        .isInstanceOfSatisfying(
            PoisonRecord.class, p -> assertThat(p.reason()).isEqualTo("invalid"));
  }

  private static KafkaRecord command(String key, byte[] value, String header) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new KafkaRecord(
        "t",
        0,
        1,
        0,
        "CREATE_TIME",
        b64.encodeToString(key.getBytes(StandardCharsets.UTF_8)),
        b64.encodeToString(value),
        List.of(
            Map.of(
                ErasureCommand.HEADER,
                KafkaRecord.headerValue(header.getBytes(StandardCharsets.UTF_8)))));
  }
}
