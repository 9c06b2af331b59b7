package dev.aisle.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiguresTest {

  @Test
  void keepsEachFiguresNoteAndTheTextEntries() throws Exception {
    Figures figures =
        Figures.parse(
            "t",
            new BufferedReader(
                new StringReader(
                    String.join(
                        "\n",
                        "# a comment",
                        "date=2026-12-02",
                        "a.b=0.625   # [brief] from the contracts",
                        "c=3"))));
    assertThat(figures.value("a.b")).isEqualTo(0.625);
    assertThat(figures.figure("a.b").note()).isEqualTo("[brief] from the contracts");
    assertThat(figures.text("date")).isEqualTo("2026-12-02");
    assertThat(figures.with(Map.of("c", 4.0)).value("c")).isEqualTo(4.0);
    assertThatThrownBy(() -> figures.with(Map.of("typo", 1.0)))
        .hasMessageContaining("no figure typo");
    assertThatThrownBy(() -> figures.value("missing")).hasMessageContaining("no figure missing");
  }

  @Test
  void thePriceTableNamesItsRegionAndDateAndEveryPriceItsSource() {
    Figures prices = Figures.load("cost/prices-us-east-1.properties");
    assertThat(prices.text("region")).isEqualTo("us-east-1");
    assertThat(prices.text("date")).matches("\\d{4}-\\d{2}-\\d{2}");
    for (String key :
        new String[] {
          "lambda.gbSecond",
          "dynamodb.writeRequestPerMillion",
          "msk.serverlessClusterHour",
          "lambda.eventPollerUnitHour",
          "waf.webAclMonth",
          "personalize.trainingHour"
        }) {
      assertThat(prices.figure(key).note()).as(key).matches("\\[(page|brief|list)].*");
    }
  }

  @Test
  void countsTakeThousandsMillionsAndBillions() {
    CostCommand.Count count = new CostCommand.Count();
    assertThat(count.convert("100k")).isEqualTo(100_000L);
    assertThat(count.convert("2.5M")).isEqualTo(2_500_000L);
    assertThat(count.convert("1B")).isEqualTo(1_000_000_000L);
    assertThat(count.convert("1_500")).isEqualTo(1_500L);
  }
}
