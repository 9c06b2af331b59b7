package dev.aisle.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.model.ModelManifest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseGateTest {

  private final ReleaseGate gate = new ReleaseGate("ndcg@10", 0.05, false);

  @Test
  void publishesWhenNotWorseBeyondTheTolerance() {
    assertThat(gate.decide(manifest(0.20), Optional.of(manifest(0.20))).publish()).isTrue();
    assertThat(gate.decide(manifest(0.191), Optional.of(manifest(0.20))).publish()).isTrue();
    ReleaseGate.Decision worse = gate.decide(manifest(0.18), Optional.of(manifest(0.20)));
    assertThat(worse.publish()).isFalse();
    assertThat(worse.reason()).contains("0.1800 < 0.1900");
    assertThat(worse.candidate()).isEqualTo(0.18);
    assertThat(worse.current()).isEqualTo(0.20);
  }

  @Test
  void forcedOrIncomparableModelsPass() {
    assertThat(
            new ReleaseGate("ndcg@10", 0.05, true)
                .decide(manifest(0.01), Optional.of(manifest(0.2)))
                .reason())
        .isEqualTo("forced");
    assertThat(gate.decide(manifest(0.01), Optional.empty()).publish()).isTrue();
    assertThat(gate.decide(manifest(null), Optional.of(manifest(0.2))).reason())
        .contains("missing on the new");
    assertThat(gate.decide(manifest(0.1), Optional.of(manifest(null))).reason())
        .contains("missing on the current");
  }

  @Test
  void anUnreadableCurrentModelFailsTheGateClosedUnlessForced() {
    ReleaseGate.Decision refused =
        gate.decideUnreadable(manifest(0.5), "v1", new IllegalStateException("timeout"));
    assertThat(refused.publish()).isFalse();
    assertThat(refused.reason()).contains("v1 cannot be read (timeout)").contains("--force");
    assertThat(refused.candidate()).isEqualTo(0.5);
    ReleaseGate.Decision forced =
        new ReleaseGate("ndcg@10", 0.05, true)
            .decideUnreadable(manifest(0.5), "v1", new IllegalStateException("timeout"));
    assertThat(forced.publish()).isTrue();
    assertThat(forced.reason()).startsWith("forced");
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> new ReleaseGate("", 0.1, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReleaseGate("ndcg@10", 1.5, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static ModelManifest manifest(Double ndcg) {
    Map<String, Object> metrics =
        ndcg == null ? Map.of() : Map.of("validation", Map.of("ndcg@10", ndcg));
    return new ModelManifest(1, "v", Instant.EPOCH, 8, 1, 1, 0, null, metrics, null, null);
  }
}
