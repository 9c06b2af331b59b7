package dev.aisle.trainer.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.EventType;
import dev.aisle.trainer.data.Interaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HygieneTest {

  private static final long NOW = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

  @Test
  void dropsAndCountsEachKindOfBadRow() {
    List<Interaction> rows = new ArrayList<>();
    rows.add(view("u1", "a", NOW - 1000));
    rows.add(view("u1", "a", NOW - 1000)); // duplicate
    rows.add(view("u1", "b", NOW + 3_600_000)); // an hour in the future
    rows.add(view("u1", "b", 5)); // 1970
    rows.add(view("", "b", NOW - 5)); // no user
    rows.add(view("u\u0007x", "b", NOW - 5)); // control character
    rows.add(
        new Interaction("u2", "c", EventType.RATING, NOW - 5, Double.NaN)); // rating without value
    rows.add(new Interaction("u2", "c", EventType.RATING, NOW - 5, 7)); // rating out of range
    rows.add(
        new Interaction("u2", "d", EventType.PURCHASE, NOW - 5, Double.NaN)); // quantity imputed
    HygieneReport report = new HygieneReport();
    report.read(rows.size());

    List<Interaction> kept = Hygiene.clean(rows, NOW, HygieneRules.defaults(), report);

    assertThat(kept).extracting(Interaction::itemId).containsExactly("a", "d");
    assertThat(kept.get(1).value()).isEqualTo(1.0);
    assertThat(report.dropped()).containsEntry("duplicate", 1L).containsEntry("future", 1L);
    assertThat(report.invalid())
        .containsEntry("implausible_timestamp", 1L)
        .containsEntry("bad_id", 2L)
        .containsEntry("missing_rating", 1L)
        .containsEntry("bad_value", 1L);
    assertThat(report.imputedValues()).containsEntry("purchase_quantity", 1L);
    assertThat(report.keptRows()).isEqualTo(2);
    assertThat(report.toCounts())
        .containsEntry("rows_read", 9L)
        .containsEntry("dropped_duplicate", 1L);
  }

  @Test
  void dropsUsersFarAboveTheIqrFenceOfLogActivity() {
    List<Interaction> rows = new ArrayList<>();
    for (int u = 0; u < 100; u++) {
      for (int e = 0; e < 5 + u % 20; e++) {
        rows.add(view("user" + u, "i" + e, NOW - 10_000 + e));
      }
    }
    for (int e = 0; e < 3000; e++) {
      rows.add(view("crawler", "i" + e, NOW - 100_000 + e));
    }
    HygieneReport report = new HygieneReport();
    List<Interaction> kept = Hygiene.clean(rows, NOW, HygieneRules.defaults(), report);
    assertThat(kept).noneMatch(r -> r.userId().equals("crawler"));
    assertThat(report.outlierUsers()).isEqualTo(1);
    assertThat(report.dropped()).containsEntry("outlier_user", 3000L);

    HygieneReport off = new HygieneReport();
    assertThat(Hygiene.clean(rows, NOW, HygieneRules.defaults().withOutlierIqrFactor(0), off))
        .hasSize(rows.size());
  }

  @Test
  void usersThatAllLookAlikeAreNotOutliers() {
    List<Interaction> rows = new ArrayList<>();
    for (int u = 0; u < 50; u++) {
      for (int e = 0; e < (u == 0 ? 60 : 50); e++) {
        rows.add(view("user" + u, "i" + e, NOW - 10_000 + e));
      }
    }
    HygieneReport report = new HygieneReport();
    assertThat(Hygiene.clean(rows, NOW, HygieneRules.defaults(), report)).hasSize(rows.size());
    assertThat(report.outlierUsers()).isZero();
  }

  private static Interaction view(String user, String item, long ts) {
    return new Interaction(user, item, EventType.VIEW, ts, Double.NaN);
  }
}
