package dev.aisle.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aisle.infra.config.DeployConfig;
import dev.aisle.infra.config.Profile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Context parsing: defaults, both value forms (cdk.json and -c), and clear errors. */
class DeployConfigTest {

  @Test
  void defaultsDescribeTheProductionShapedDeployment() {
    DeployConfig config = DeployConfig.fromContext(key -> null);
    assertThat(config.profile()).isEqualTo(Profile.STANDARD);
    assertThat(config.stackPrefix()).isEqualTo("Aisle");
    assertThat(config.retainData()).isTrue();
    assertThat(config.egress()).isEqualTo(DeployConfig.Egress.NONE);
    assertThat(config.kafka().mode()).isEqualTo(DeployConfig.KafkaMode.SERVERLESS);
    assertThat(config.streamSource().provisioned()).isTrue();
    assertThat(config.tables().capacity()).isEqualTo(DeployConfig.CapacityMode.ON_DEMAND);
    assertThat(config.functions().build()).isEqualTo(DeployConfig.FunctionBuild.JVM);
    assertThat(config.functions().javaRuntime()).isEqualTo("java21");
    assertThat(config.functions().apiZip())
        .isEqualTo(Path.of("../../functions/api/target/function.zip"));
    assertThat(config.api().writeAuth()).isEqualTo(DeployConfig.WriteAuth.IAM);
    assertThat(config.api().protectReads()).isFalse();
    assertThat(config.trainer().schedule()).isEqualTo("cron(0 3 * * ? *)");
    assertThat(config.cdn().corsOrigins()).containsExactly("*");
  }

  @Test
  void readsTypedJsonAndCommandLineStrings() {
    Map<String, Object> json =
        Map.of(
            "aisle:apiMemoryMiB",
            2048,
            "aisle:protectReads",
            true,
            "aisle:jwtAudience",
            List.of("a", "b"),
            "aisle:writeAuth",
            "jwt",
            "aisle:jwtIssuer",
            "https://issuer",
            "aisle:trainerEnvironment",
            Map.of("AISLE_TRAIN_FACTORS", 64));
    Map<String, Object> cli =
        Map.of(
            "aisle:apiMemoryMiB",
            "2048",
            "aisle:protectReads",
            "TRUE",
            "aisle:jwtAudience",
            "a, b",
            "aisle:writeAuth",
            "JWT",
            "aisle:jwtIssuer",
            "https://issuer",
            "aisle:trainerEnvironment",
            "{\"AISLE_TRAIN_FACTORS\": 64}");
    for (Map<String, Object> context : List.of(json, cli)) {
      DeployConfig config = DeployConfig.fromContext(context::get);
      assertThat(config.functions().apiMemoryMiB()).isEqualTo(2048);
      assertThat(config.api().protectReads()).isTrue();
      assertThat(config.api().jwtAudience()).containsExactly("a", "b");
      assertThat(config.trainer().environment()).containsEntry("AISLE_TRAIN_FACTORS", "64");
    }
  }

  @Test
  void aProfileSetsDefaultsThatExplicitContextOverrides() {
    DeployConfig small =
        DeployConfig.fromContext(Map.<String, Object>of("aisle:profile", "small")::get);
    assertThat(small.profile()).isEqualTo(Profile.SMALL);
    assertThat(small.kafka().mode()).isEqualTo(DeployConfig.KafkaMode.PROVISIONED);
    assertThat(small.kafka().brokerType()).isEqualTo("kafka.t3.small");
    assertThat(small.kafka().brokers()).isEqualTo(2);
    assertThat(small.kafka().replicationFactor()).isEqualTo(2);
    assertThat(small.streamSource().provisioned()).isFalse();
    assertThat(small.egress()).isEqualTo(DeployConfig.Egress.ENDPOINTS);
    assertThat(small.endpointAzs()).isEqualTo(1);
    assertThat(small.logRetentionDays()).isEqualTo(7);

    DeployConfig overridden =
        DeployConfig.fromContext(
            Map.<String, Object>of(
                    "aisle:profile",
                    "SMALL",
                    "aisle:kafka",
                    "serverless",
                    "aisle:logRetentionDays",
                    30,
                    "aisle:streamPollers",
                    "provisioned",
                    "aisle:egress",
                    "none")
                ::get);
    assertThat(overridden.kafka().mode()).isEqualTo(DeployConfig.KafkaMode.SERVERLESS);
    assertThat(overridden.logRetentionDays()).isEqualTo(30);
    assertThat(overridden.streamSource().provisioned()).isTrue();
    // what the command line does not name still comes from the profile
    assertThat(overridden.trainer().cpu()).isEqualTo(1024);

    DeployConfig large =
        DeployConfig.fromContext(
            Map.<String, Object>of(
                    "aisle:profile", "large", "aisle:eventsWriteCapacity", "200..20000")
                ::get);
    assertThat(large.tables().capacity()).isEqualTo(DeployConfig.CapacityMode.PROVISIONED);
    assertThat(large.tables().eventsWrite()).isEqualTo(new DeployConfig.Capacity(200, 20_000));
    assertThat(large.tables().eventsInfrequentAccess()).isTrue();
    assertThat(large.kafka().interactionPartitions()).isEqualTo(16);
  }

  @Test
  void everyProfileDefaultIsAKeyTheConfigurationReads() {
    // a typo in a profile's key would silently fall back to the code's default
    java.util.Set<String> read = new java.util.TreeSet<>();
    DeployConfig.fromContext(
        key -> {
          read.add(key);
          return null;
        });
    for (Profile profile : Profile.values()) {
      assertThat(read)
          .as(profile.name())
          .containsAll(profile.defaults().keySet().stream().map(key -> "aisle:" + key).toList());
    }
  }

  @Test
  void trainerRunsOnFargateUnlessEmrServerlessIsChosen() {
    DeployConfig defaults = DeployConfig.fromContext(key -> null);
    assertThat(defaults.trainer().engine()).isEqualTo(DeployConfig.TrainerEngine.FARGATE);
    assertThat(defaults.trainer().onEmrServerless()).isFalse();
    assertThat(defaults.trainer().sparkJar().toString())
        .isEqualTo("../../trainer/spark/target/aisle-trainer-spark.jar");
    DeployConfig emr =
        DeployConfig.fromContext(
            Map.<String, Object>of("aisle:trainer", "EMR-Serverless", "aisle:egress", "nat")::get);
    assertThat(emr.trainer().engine()).isEqualTo(DeployConfig.TrainerEngine.EMR_SERVERLESS);
    assertThat(emr.trainer().engine().contextName()).isEqualTo("emr-serverless");
    // EMR Serverless' maximum capacity follows the profile
    assertThat(List.of(emr.trainer().sparkMaxVcpus(), emr.trainer().sparkMaxMemoryGb()))
        .containsExactly(32, 128);
    DeployConfig small =
        DeployConfig.fromContext(Map.<String, Object>of("aisle:profile", "small")::get);
    assertThat(List.of(small.trainer().sparkMaxVcpus(), small.trainer().sparkMaxMemoryGb()))
        .containsExactly(8, 32);
    DeployConfig large =
        DeployConfig.fromContext(
            Map.<String, Object>of(
                    "aisle:profile",
                    "large",
                    "aisle:sparkMaxVcpus",
                    "256",
                    "aisle:sparkMaxMemoryGb",
                    "2048")
                ::get);
    assertThat(List.of(large.trainer().sparkMaxVcpus(), large.trainer().sparkMaxMemoryGb()))
        .containsExactly(256, 2048);
  }

  @Test
  void invalidTrainerChoicesNameTheKeyAndWhatIsExpected() {
    assertThatThrownBy(
            () -> DeployConfig.fromContext(Map.<String, Object>of("aisle:trainer", "spark")::get))
        .hasMessageStartingWith("context aisle:trainer=spark is not valid: expected one of ")
        .hasMessageContaining("fargate")
        .hasMessageContaining("emr-serverless");
    // EMR Serverless workers have no public address: without the NAT gateway the job cannot reach
    // CloudFront
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of("aisle:trainer", "emr-serverless")::get))
        .hasMessageStartingWith("context aisle:trainer=emr-serverless needs aisle:egress=nat");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of(
                            "aisle:sparkMaxVcpus", "64", "aisle:sparkMaxMemoryGb", "64")
                        ::get))
        .hasMessageStartingWith(
            "context aisle:sparkMaxMemoryGb=64 is not valid: expected at least 2 GB per vCPU");
    assertThatThrownBy(
            () -> DeployConfig.fromContext(Map.<String, Object>of("aisle:sparkMaxVcpus", "4")::get))
        .hasMessage("context aisle:sparkMaxVcpus=4 is not valid: expected between 8 and 10000");
  }

  @Test
  void invalidValuesNameTheKeyAndWhatIsExpected() {
    assertThatThrownBy(
            () -> DeployConfig.fromContext(Map.<String, Object>of("aisle:profile", "medium")::get))
        .hasMessage(
            "context aisle:profile=medium is not valid: expected one of small, standard, large");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of("aisle:streamPollers", "on-demand")::get))
        .hasMessageContaining("aisle:streamPollers=on-demand needs aisle:egress=endpoints or nat");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of("aisle:eventsWriteCapacity", "900..100")::get))
        .hasMessageContaining("aisle:eventsWriteCapacity=900..100")
        .hasMessageContaining("MIN..MAX");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of(
                            "aisle:kafka", "provisioned", "aisle:kafkaBrokerType", "m5.large")
                        ::get))
        .hasMessageContaining("aisle:kafkaBrokerType=m5.large");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of("aisle:apiDomainName", "api.example")::get))
        .hasMessageContaining("aisle:apiCertificateArn");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(Map.<String, Object>of("aisle:apiMemoryMiB", "lots")::get))
        .hasMessage("context aisle:apiMemoryMiB=lots is not valid: expected an integer");
    assertThatThrownBy(
            () -> DeployConfig.fromContext(Map.<String, Object>of("aisle:egress", "vpn")::get))
        .hasMessageContaining("aisle:egress=vpn")
        .hasMessageContaining("endpoints")
        .hasMessageContaining("nat");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(Map.<String, Object>of("aisle:logRetentionDays", 10)::get))
        .hasMessageContaining("aisle:logRetentionDays=10")
        .hasMessageContaining("14");
    assertThatThrownBy(
            () -> DeployConfig.fromContext(Map.<String, Object>of("aisle:writeAuth", "jwt")::get))
        .hasMessageContaining("aisle:jwtIssuer");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of("aisle:cdnDomainName", "x.example")::get))
        .hasMessageContaining("aisle:cdnCertificateArn");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of("aisle:trainSchedule", "daily")::get))
        .hasMessageContaining("cron(");
    assertThatThrownBy(
            () ->
                DeployConfig.fromContext(
                    Map.<String, Object>of("aisle:stackPrefix", "9 lives")::get))
        .hasMessageContaining("aisle:stackPrefix");
  }
}
