package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.infra.cost.CostModel;
import dev.aisle.infra.cost.Line;
import dev.aisle.infra.cost.Scenario;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cost model counts what the app deploys: for resources billed per unit whatever the traffic,
 * the model's quantity equals the number in the synthesized templates, so a resource added to the
 * app without its line in the model fails here.
 */
class CostModelTemplateTest {

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "small, , ",
    "standard, , ",
    "large, , ",
    "standard, shopperTokens, false",
    "standard, originSecretGeneration, 2"
  })
  void theModelPaysForEverySecretTheAppCreates(String profile, String key, String value) {
    Map<String, String> context = key == null ? Map.of() : Map.of(key, value);
    Synthesis.Result app = Synthesis.of(synthesisContext(profile, context));
    int deployed =
        app.templates().stream()
            .mapToInt(t -> t.findResources("AWS::SecretsManager::Secret").size())
            .sum();

    Scenario idle = new Scenario("idle", profile, context, Map.of(), 0, 0, 0, 0, 0);
    Line secrets =
        idle.estimate(CostModel.standard()).lines().stream()
            .filter(l -> l.service().equals("Secrets Manager"))
            .findFirst()
            .orElseThrow();

    assertThat(secrets.quantity()).isEqualTo(deployed + " secret(s)");
  }

  private static Map<String, Object> synthesisContext(String profile, Map<String, String> context) {
    Map<String, Object> all = new LinkedHashMap<>();
    if (!profile.equals("standard")) {
      all.put("aisle:profile", profile);
    }
    context.forEach((key, value) -> all.put("aisle:" + key, value));
    return all;
  }
}
