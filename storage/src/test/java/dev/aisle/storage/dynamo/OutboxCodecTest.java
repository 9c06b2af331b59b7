package dev.aisle.storage.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxCodecTest {

  @Test
  void keysSurviveEncodingAndUsuallyShrink() {
    List<EventKey> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(new EventKey("shopper-" + i % 37, java.util.UUID.randomUUID().toString()));
    }
    keys.add(new EventKey("ü-ß-\uD83D\uDED2 with spaces", "e,with;punctuation\"'"));

    byte[] encoded = Outbox.encode(keys);

    assertThat(Outbox.decode(encoded)).isEqualTo(keys);
    int raw =
        keys.stream()
            .mapToInt(
                k ->
                    (k.userId() + '\t' + k.eventId() + '\n')
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        .length)
            .sum();
    assertThat(encoded.length).as("deflated vs %d raw bytes", raw).isLessThan(raw * 3 / 4);
  }

  @Test
  void sortKeysOfEarlierRequestsSortFirstAndBeforeTheCutOfALaterTime() {
    Instant t = Instant.parse("2026-12-02T10:00:00.250Z");

    String entry = Outbox.timePrefix(t) + "#" + java.util.UUID.randomUUID() + "#0";

    assertThat(entry.compareTo(Outbox.timePrefix(t.plusMillis(1)))).isNegative();
    assertThat(entry.compareTo(Outbox.timePrefix(t))).as("not before its own time").isPositive();
    assertThat(Outbox.timePrefix(Instant.parse("2001-09-09T01:46:40Z"))).isEqualTo("1000000000000");
  }
}
