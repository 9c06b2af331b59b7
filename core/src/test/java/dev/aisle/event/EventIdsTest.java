package dev.aisle.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void anIdIsAVersion7UuidThatStartsWithItsMillisecond() {
    Instant now = Instant.parse("2026-12-02T10:15:30.123Z");

    UUID id = UUID.fromString(EventIds.next(now));

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
  }

  @Test
  void idsOfTheSameMillisecondDifferAndSortAfterEarlierOnes() {
    Instant now = Instant.parse("2026-12-02T10:15:30.123Z");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(EventIds.next(now));
    }
    assertThat(ids).hasSize(100_000);
    assertThat(EventIds.next(now.plusMillis(1)))
        .isGreaterThan(ids.stream().max(String::compareTo).orElseThrow());
  }

  @Test
  void theRandomBitsAreReadFromTheOperatingSystemOnEveryCall() {
    // not a generator seeded once (ThreadLocalRandom): a SnapStart snapshot would clone its state
    assertThat(EventIds.randomnessAlgorithm()).isEqualTo("NativePRNGNonBlocking");
  }
}
