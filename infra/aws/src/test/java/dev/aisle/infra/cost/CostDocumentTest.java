package dev.aisle.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/cost.md shows what the model computes: every worked example's table, the idle floors, the
 * Personalize comparison and the levers, exactly as {@code cost.sh --examples --markdown} prints
 * them. A change of a price or an assumption fails here until the page is regenerated.
 */
class CostDocumentTest {

  private final CostModel model = CostModel.standard();
  private final CostReport markdown = new CostReport(true);

  @Test
  void thePageShowsWhatTheModelComputes() throws Exception {
    String page = Files.readString(Path.of("../../docs/cost.md"));
    for (Scenario example : Examples.workedExamples()) {
      assertThat(page).as(example.name()).contains(markdown.lines(example.estimate(model)).strip());
    }
    assertThat(page).contains(markdown.totals(Examples.idleFloors(), model, false).strip());
    assertThat(page).contains(markdown.totals(Examples.workedExamples(), model, true).strip());
    for (Examples.Lever lever : Examples.levers()) {
      assertThat(page).contains(markdown.lever(lever, model).strip());
    }
    assertThat(page).contains("us-east-1, prices as of " + model.prices().text("date"));
  }

  @Test
  void theSummaryTableAtTheTopHasTheSameTotals() throws Exception {
    String page = Files.readString(Path.of("../../docs/cost.md"));
    String summary = page.substring(0, page.indexOf("## Run it"));
    for (Scenario idle : Examples.idleFloors()) {
      assertThat(summary).contains("**" + CostReport.usd(idle.estimate(model).total()) + "**");
    }
    for (Scenario example : Examples.workedExamples()) {
      assertThat(summary).contains("**" + CostReport.usd(example.estimate(model).total()) + "**");
      assertThat(summary).contains(CostReport.usd(example.personalize(model).total()));
    }
  }
}
