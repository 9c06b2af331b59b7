package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.infra.config.DeployConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Context parsing: defaults, both value forms (cdk.json and -c), and clear errors. */
class DeployConfigTest {

  @Test
  void defaultsDescribeTheProductionShapedDeployment() {
    DeployConfig config = DeployConfig.fromContext(key -> null);
    assertThat(config.stackPrefix()).isEqualTo("Aisle");
    assertThat(config.retainData()).isTrue();
    assertThat(config.egress()).isEqualTo(DeployConfig.Egress.ENDPOINTS);
    assertThat(config.functions().build()).isEqualTo(DeployConfig.FunctionBuild.JVM);
    assertThat(config.functions().javaRuntime()).isEqualTo("java21");
    assertThat(config.functions().apiZip()).isEqualTo(Path.of("../../functions/api/target/function.zip"));
    assertThat(config.api().writeAuth()).isEqualTo(DeployConfig.WriteAuth.IAM);
    assertThat(config.api().protectReads()).isFalse();
    assertThat(config.trainer().schedule()).isEqualTo("cron(0 3 * * ? *)");
    assertThat(config.cdn().corsOrigins()).containsExactly("*");
  }

  @Test
  void readsTypedJsonAndCommandLineStrings() {
    Map<String, Object> json = Map.of("aisle:apiMemoryMiB", 2048, "aisle:protectReads", true,
        "aisle:jwtAudience", List.of("a", "b"), "aisle:writeAuth", "jwt", "aisle:jwtIssuer", "https://issuer",
        "aisle:trainerEnvironment", Map.of("AISLE_TRAIN_FACTORS", 64));
    Map<String, Object> cli = Map.of("aisle:apiMemoryMiB", "2048", "aisle:protectReads", "TRUE",
        "aisle:jwtAudience", "a, b", "aisle:writeAuth", "JWT", "aisle:jwtIssuer", "https://issuer",
        "aisle:trainerEnvironment", "{\"AISLE_TRAIN_FACTORS\": 64}");
    for (Map<String, Object> context : List.of(json, cli)) {
      DeployConfig config = DeployConfig.fromContext(context::get);
      assertThat(config.functions().apiMemoryMiB()).isEqualTo(2048);
      assertThat(config.api().protectReads()).isTrue();
      assertThat(config.api().jwtAudience()).containsExactly("a", "b");
      assertThat(config.trainer().environment()).containsEntry("AISLE_TRAIN_FACTORS", "64");
    }
  }

  @Test
  void invalidValuesNameTheKeyAndWhatIsExpected() {
    assertThatThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of("aisle:apiMemoryMiB", "lots")::get))
        .hasMessage("context aisle:apiMemoryMiB=lots is not valid: expected an integer");
    assertThatThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of("aisle:egress", "vpn")::get))
        .hasMessageContaining("aisle:egress=vpn").hasMessageContaining("endpoints").hasMessageContaining("nat");
    assertThatThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of("aisle:logRetentionDays", 10)::get))
        .hasMessageContaining("aisle:logRetentionDays=10").hasMessageContaining("14");
    assertThatThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of("aisle:writeAuth", "jwt")::get))
        .hasMessageContaining("aisle:jwtIssuer");
    assertThatThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of("aisle:cdnDomainName", "x.example")::get))
        .hasMessageContaining("aisle:cdnCertificateArn");
    assertThatThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of("aisle:trainSchedule", "daily")::get))
        .hasMessageContaining("cron(");
    assertThatThrownBy(() -> DeployConfig.fromContext(Map.<String, Object>of("aisle:stackPrefix", "9 lives")::get))
        .hasMessageContaining("aisle:stackPrefix");
  }
}
