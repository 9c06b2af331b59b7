package dev.aisle.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.event.EventType;
import org.junit.jupiter.api.Test;

class EventWeightsTest {

  @Test
  void lowRatingsAddNothingByDefaultAndAFloorKeepsThemAsWeakerPositives() {
    EventWeights plain = EventWeights.defaults();
    assertThat(plain.weight(EventType.RATING, 1.0)).isZero();
    assertThat(plain.weight(EventType.RATING, 2.5)).isZero();
    assertThat(plain.weight(EventType.RATING, 4.0)).isEqualTo(3f);

    EventWeights floored = plain.withRatingFloor(0.25f);
    assertThat(floored.weight(EventType.RATING, 1.0)).isEqualTo(0.5f);
    assertThat(floored.weight(EventType.RATING, 4.0)).isEqualTo(3f);
    assertThat(floored.weight(EventType.RATING, 5.0))
        .isGreaterThan(floored.weight(EventType.RATING, 1.0));
    assertThat(floored.weight(EventType.VIEW, null)).isEqualTo(plain.weight(EventType.VIEW, null));
  }

  @Test
  void theFloorTravelsInTheSpecSoTheFoldInReadsItBack() {
    EventWeights floored = EventWeights.defaults().withRatingFloor(0.25f);
    assertThat(floored.toString()).contains("rating-floor=0.250000");
    EventWeights back = EventWeights.parse(floored.toString(), null);
    assertThat(back.ratingFloor()).isEqualTo(0.25f);
    assertThat(back.toString()).isEqualTo(floored.toString());
    // without a floor the spec is what it always was: snapshots and manifests written before still
    // match
    assertThat(EventWeights.defaults().toString()).doesNotContain("rating-floor");
  }

  @Test
  void refusesANegativeFloor() {
    assertThatThrownBy(() -> EventWeights.parse("rating-floor=-1", null))
        .hasMessageContaining("rating floor");
    assertThatThrownBy(() -> EventWeights.parse("rating-floor=x", null))
        .hasMessageContaining("rating floor");
  }
}
