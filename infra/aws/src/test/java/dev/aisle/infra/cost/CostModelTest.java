package dev.aisle.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cost model's arithmetic on lines a reader can check by hand, and what each profile changes.
 */
class CostModelTest {

  private final CostModel model = CostModel.standard();

  @Test
  void anEventCostsItsWriteUnitsOneLinePerPart() {
    Scenario tenMillion = new Scenario("t", "standard", Map.of(), Map.of(), 10_000_000, 0, 0, 0, 0);
    // row 1 + byTime 1 + byAcceptTime 1 + outbox 0 = 3 write units at $0.625 a million; the trainer
    // reads the increment at 0.025 read units an event, $0.125 a million
    double trainerReads = 10 * 0.025 * 0.125;
    assertThat(line(tenMillion.estimate(model), "events requests").usd())
        .isCloseTo(30 * 0.625 + trainerReads, within(1e-9));
    // the outbox as default state: one line of the usage table changes the figure
    Estimate outbox = tenMillion.assuming("dynamodb.wru.perEvent.outbox", 4).estimate(model);
    assertThat(line(outbox, "events requests").usd())
        .isCloseTo(70 * 0.625 + trainerReads, within(1e-9));
    assertThat(line(outbox, "events requests").quantity()).startsWith("70 M write");
  }

  @Test
  void standardStandingStillPaysForTheServerlessClusterAndOneEventPollerUnit() {
    Estimate idle =
        new Scenario("idle", "standard", Map.of(), Map.of(), 0, 0, 0, 0, 30).estimate(model);
    assertThat(line(idle, "serverless cluster").usd()).isCloseTo(730 * 0.75, within(1e-9));
    assertThat(line(idle, "provisioned event pollers").usd()).isCloseTo(730 * 0.185, within(1e-9));
    assertThat(idle.lines()).noneMatch(l -> l.item().contains("interface endpoints"));
    assertThat(idle.topService()).isEqualTo("MSK");
  }

  @Test
  void smallStandingStillPaysForTwoBrokersAndEndpointsInOneZoneButNoPoller() {
    Estimate idle =
        new Scenario("idle", "small", Map.of(), Map.of(), 0, 0, 0, 0, 30).estimate(model);
    assertThat(line(idle, "2 x kafka.t3.small").usd()).isCloseTo(2 * 730 * 0.0456, within(1e-9));
    assertThat(line(idle, "broker storage").usd()).isCloseTo(2 * 10 * 0.10, within(1e-9));
    assertThat(line(idle, "interface endpoints").usd()).isCloseTo(2 * 730 * 0.01, within(1e-9));
    assertThat(idle.lines()).noneMatch(l -> l.item().contains("event pollers"));
    assertThat(idle.total()).isLessThan(100);
  }

  @Test
  void provisionedCapacityFollowsTheLoadAtTheTargetUtilizationAboveItsMinimums() {
    Scenario large = new Scenario("l", "large", Map.of(), Map.of(), 1_000_000_000, 0, 0, 0, 0);
    Line events = line(large.estimate(model), "events capacity");
    // 3 write units an event, 1 B events: 3e9 / 3600 / 0.7 WCU-hours at the Standard-IA price
    assertThat(events.usd()).isGreaterThan(3e9 / 3600 / 0.7 * 0.00081);
    Line idleEvents =
        line(
            new Scenario("i", "large", Map.of(), Map.of(), 0, 0, 0, 0, 0).estimate(model),
            "events capacity");
    // the minimums: table and byAcceptTime at 100 WCU and 5 RCU each
    assertThat(idleEvents.usd()).isCloseTo(730 * (200 * 0.00081 + 10 * 0.00016), within(1e-9));
  }

  @Test
  void quietTopicsSendOneEventPerInvocationBusyOnesFillBatches() {
    Estimate quiet =
        new Scenario("q", "standard", Map.of(), Map.of(), 100_000, 0, 0, 0, 0).estimate(model);
    Estimate busy =
        new Scenario("b", "large", Map.of(), Map.of(), 1_000_000_000, 0, 0, 0, 0).estimate(model);
    // 100 k events, one a batch; plus the relay's 43,800 invocations and 10 k posts
    assertThat(quiet.lines())
        .filteredOn(l -> l.service().equals("Lambda") && l.item().equals("requests"))
        .singleElement()
        .extracting(Line::quantity)
        .isEqualTo("153,800");
    assertThat(
            new Traffic(
                    Examples.LARGE.config(), busy.workload(), Figures.load("cost/usage.properties"))
                .streamInvocations())
        .isLessThan(1e9 / 10);
  }

  @Test
  void personalizeBillsEachCampaignsMinimumEveryHour() {
    PersonalizeEstimate idle =
        new Scenario("i", "small", Map.of(), Map.of(), 0, 0, 0, 0, 0).personalize(model);
    assertThat(idle.inference()).isCloseTo(2 * 730 * 0.20, within(1e-9));
    PersonalizeEstimate large = Examples.LARGE.personalize(model);
    assertThat(large.inference()).isGreaterThan(20_000 * 0.20);
  }

  @Test
  void anUnpricedBrokerTypeIsAnErrorNotAZero() {
    Scenario odd =
        new Scenario(
            "x", "small", Map.of("kafkaBrokerType", "kafka.r7g.4xlarge"), Map.of(), 1, 0, 0, 0, 0);
    assertThatThrownBy(() -> odd.estimate(model))
        .hasMessageContaining("msk.brokerHour.kafka.r7g.4xlarge");
  }

  @Test
  void eachExampleIsCheaperOnItsOwnProfileThanOnTodaysDeploymentExceptTheMidSizedOne() {
    assertThat(Examples.SMALL.estimate(model).total())
        .isLessThan(Examples.SMALL.withProfile("standard").estimate(model).total());
    assertThat(Examples.LARGE.estimate(model).total())
        .isLessThan(Examples.LARGE.withProfile("standard").estimate(model).total());
    assertThat(Examples.MID.profile()).isEqualTo("standard");
  }

  @Test
  void aSparkRunOnEmrServerlessBillsItsMaximumCapacityForTheRunInsteadOfTheFargateTask() {
    Scenario fargate = Examples.LARGE;
    Scenario emr =
        Examples.LARGE.withContext("trainer", "emr-serverless").withContext("egress", "nat");
    Estimate onEmr = emr.estimate(model);
    Line spark = line(onEmr, "Spark trainer");
    assertThat(spark.service()).isEqualTo("EMR Serverless");
    assertThat(spark.item()).isEqualTo("Spark trainer (128 vCPU, 512 GB at most)");
    assertThat(onEmr.lines())
        .noneMatch(l -> l.service().equals("Fargate") || l.service().equals("ECR"));
    // runs x hours x (128 vCPU x $0.052624 + 512 GB x $0.0057785)
    double runs = fargate.estimate(model).workload().trainingRuns();
    double minutes =
        Double.parseDouble(
            spark.quantity().replaceAll("^.* x ([0-9.,]+) min$", "$1").replace(",", ""));
    assertThat(spark.usd())
        .isCloseTo(
            runs * minutes / 60 * (128 * 0.052624 + 512 * 0.0057785), within(spark.usd() * 0.01));
    // Spark pays its factor per pair but has eight times the task's vCPUs: a run is shorter than
    // the task's
    Line task = line(fargate.estimate(model), "trainer (16 vCPU");
    double taskMinutes =
        Double.parseDouble(
            task.quantity().replaceAll("^.* x ([0-9.,]+) min$", "$1").replace(",", ""));
    assertThat(minutes).isLessThan(taskMinutes);
    assertThat(line(onEmr, "NAT gateway").usd()).isCloseTo(730 * 0.045, within(1e-9));
    // Graviton workers at the arm64 prices
    Line arm = line(emr.withContext("architecture", "arm64").estimate(model), "Spark trainer");
    assertThat(arm.usd())
        .isCloseTo(
            spark.usd() * (128 * 0.042094 + 512 * 0.004628) / (128 * 0.052624 + 512 * 0.0057785),
            within(spark.usd() * 0.001));
  }

  private static Line line(Estimate estimate, String item) {
    return estimate.lines().stream()
        .filter(l -> l.item().contains(item))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + item + " in " + estimate.lines()));
  }
}
