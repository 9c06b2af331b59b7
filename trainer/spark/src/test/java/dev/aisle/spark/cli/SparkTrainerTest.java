package dev.aisle.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.trainer.cli.AisleTrainer;
import org.junit.jupiter.api.Test;

class SparkTrainerTest {

  @Test
  void aGatedModelEndsAClusterRunWellAndALocalRunWithTheTrainersCode() {
    assertThat(SparkTrainer.exitCode(AisleTrainer.GATED, true)).isZero();
    assertThat(SparkTrainer.exitCode(AisleTrainer.GATED, false)).isEqualTo(AisleTrainer.GATED);
  }

  @Test
  void otherCodesPassThroughOnACluster() {
    assertThat(SparkTrainer.exitCode(0, true)).isZero();
    assertThat(SparkTrainer.exitCode(1, true)).isEqualTo(1);
    assertThat(SparkTrainer.exitCode(3, true)).isEqualTo(3);
    assertThat(SparkTrainer.exitCode(5, true)).isEqualTo(5);
  }
}
