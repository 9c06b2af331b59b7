package dev.aisle.trainer.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aisle.event.Event;
import dev.aisle.event.EventType;
import dev.aisle.event.EventValidator;
import dev.aisle.json.Json;
import dev.aisle.trainer.data.Interaction;
import dev.aisle.validation.IdArbitraries;
import dev.aisle.validation.Validated;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/** Whatever id the api accepts, the trainer's hygiene keeps: both use the one id rule. */
class IdRuleAgreementTest {

  private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");
  private final EventValidator api = new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

  @Property(tries = 2000)
  @StatisticsReport(onFailureOnly = true)
  void anIdTheApiAcceptsIsTrainedOn(@ForAll("ids") String id) {
    ObjectNode event =
        Json.mapper()
            .createObjectNode()
            .put("userId", id)
            .put("itemId", id)
            .put("type", "view")
            .put("timestamp", NOW.toString());
    ObjectNode body = Json.mapper().createObjectNode();
    body.putArray("events").add(event);

    Validated<Event> accepted = api.validate(body);

    Statistics.collect(accepted.isValid() ? "accepted" : "refused");
    if (accepted.isValid()) {
      Event e = accepted.values().get(0);
      HygieneReport report = new HygieneReport();
      report.read(1);
      List<Interaction> kept =
          Hygiene.clean(
              List.of(
                  new Interaction(
                      e.userId(),
                      e.itemId(),
                      EventType.VIEW,
                      e.timestamp().toEpochMilli(),
                      Double.NaN)),
              NOW.toEpochMilli(),
              HygieneRules.defaults(),
              report);
      assertThat(kept).as("report %s", report.invalid()).hasSize(1);
    }
    Statistics.coverage(coverage -> coverage.check("accepted").percentage(p -> p > 20));
  }

  @Provide
  Arbitrary<String> ids() {
    return IdArbitraries.ids();
  }
}
