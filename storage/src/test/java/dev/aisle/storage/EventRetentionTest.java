package dev.aisle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventRetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");

  @Test
  void defaultsTo730DaysAndReadsTheUsualForms() {
    assertThat(EventRetention.fromEnv(Map.of()).period()).contains(Duration.ofDays(730));
    assertThat(EventRetention.fromEnv(Map.of("AISLE_EVENT_RETENTION", "90d")).period())
        .contains(Duration.ofDays(90));
    assertThat(EventRetention.parse("P30D").period()).contains(Duration.ofDays(30));
    assertThat(EventRetention.parse("0").period()).isEmpty();
    assertThat(EventRetention.parse("none").period()).isEmpty();
    assertThatThrownBy(() -> EventRetention.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AISLE_EVENT_RETENTION");
    assertThatThrownBy(() -> EventRetention.parse("-1d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEventExpiresOnceItIsOlderThanTheRetention() {
    EventRetention retention = EventRetention.parse("730d");
    assertThat(retention.expired(NOW.minus(Duration.ofDays(730)), NOW)).isFalse();
    assertThat(retention.expired(NOW.minus(Duration.ofDays(730)).minusMillis(1), NOW)).isTrue();
    assertThat(retention.expiredBefore(NOW)).contains(NOW.minus(Duration.ofDays(730)));
    assertThat(EventRetention.parse("0").expired(Instant.EPOCH, NOW)).isFalse();
    assertThat(EventRetention.parse("0").expiredBefore(NOW)).isEqualTo(Optional.empty());
  }
}
