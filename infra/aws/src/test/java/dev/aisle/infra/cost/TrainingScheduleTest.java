package dev.aisle.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingScheduleTest {

  @ParameterizedTest(name = "{0} runs {1} times a month")
  @CsvSource(
      delimiter = '|',
      value = {
        "cron(0 3 * * ? *)       | 30.44",
        "cron(0 3,15 * * ? *)    | 60.88",
        "cron(0 */6 * * ? *)     | 121.75",
        "cron(30 2 ? * MON *)    | 4.35",
        "cron(0 4 ? * 1-5 *)     | 21.74",
        "cron(0 1 1 * ? *)       | 1.00",
        "rate(6 hours)           | 121.75",
        "rate(1 day)             | 30.44",
        "rate(30 minutes)        | 1461",
      })
  void countsRunsAMonth(String expression, double runs) {
    assertThat(TrainingSchedule.runsPerMonth(expression)).isCloseTo(runs, within(0.01 * runs));
  }

  @org.junit.jupiter.api.Test
  void anExpressionItCannotCountIsAnError() {
    assertThatThrownBy(() -> TrainingSchedule.runsPerMonth("at(2026-12-24T00:00:00)"))
        .hasMessageContaining("cannot count the runs");
  }
}
