package dev.aisle.infra.cost;

import java.util.List;
import java.util.Map;

/**
 * The worked examples of docs/cost.md: three shops, each on the profile made for it, the idle floor
 * of every profile, and the levers that cut each example's largest cost (before and after). One
 * place, so the document and {@code cost.sh --examples} cannot disagree (CostDocumentTest).
 */
public final class Examples {

  /** A shop with 100 k events a month. */
  public static final Scenario SMALL = shop("small shop", "small", 100_000, 50_000, 5_000, 2_000);

  /** 50 M events a month. */
  public static final Scenario MID =
      shop("mid-size shop", "standard", 50_000_000, 20_000_000, 1_000_000, 100_000);

  /** 1 B events a month, 10 M shoppers, 1 M items. */
  public static final Scenario LARGE =
      shop("large shop", "large", 1_000_000_000, 300_000_000, 10_000_000, 1_000_000);

  private Examples() {}

  public static List<Scenario> workedExamples() {
    return List.of(SMALL, MID, LARGE);
  }

  public static List<Scenario> idleFloors() {
    return List.of(
        SMALL.withProfile("small").idle().named("small, idle"),
        SMALL.withProfile("standard").idle().named("standard, idle"),
        SMALL.withProfile("large").idle().named("large, idle"));
  }

  /** A lever: the same shop before and after one change of configuration or design. */
  public record Lever(String what, Scenario before, Scenario after) {}

  public static List<Lever> levers() {
    return List.of(
        new Lever(
            "small shop: profile small instead of today's deployment (MSK Serverless, provisioned pollers)",
            SMALL.withProfile("standard"),
            SMALL),
        new Lever(
            "small shop: provisioned pollers (bounded retries, dead-letter destination) instead of on-demand",
            SMALL,
            SMALL.withContext("streamPollers", "provisioned").withContext("egress", "none")),
        new Lever(
            "mid-size shop: two kafka.m7g.large brokers instead of MSK Serverless",
            MID,
            MID.withContext("kafka", "provisioned").withContext("kafkaBrokerStorageGiB", "50")),
        new Lever(
            "mid-size shop: events kept 180 days instead of the default two years",
            MID,
            MID.withContext("eventRetentionDays", "180")),
        new Lever(
            "large shop: profile large instead of the standard one (on-demand tables, events kept two years)",
            LARGE.withProfile("standard"),
            LARGE),
        new Lever(
            "large shop: events kept 90 days instead of 180 (the snapshot keeps their decayed weight)",
            LARGE,
            LARGE.withContext("eventRetentionDays", "90")),
        new Lever(
            "large shop: the outbox as every row's default state (each row written as unpublished and cleared"
                + " once Kafka acknowledges it: +4 write units an event)",
            LARGE,
            LARGE.assuming("dynamodb.wru.perEvent.outbox", 4)),
        new Lever(
            "large shop: training on EMR Serverless (Spark, 128 vCPU, 512 GB) instead of one Fargate task, with the"
                + " NAT gateway it needs",
            LARGE,
            LARGE.withContext("trainer", "emr-serverless").withContext("egress", "nat")));
  }

  private static Scenario shop(
      String name, String profile, long events, long requests, long shoppers, long items) {
    return new Scenario(name, profile, Map.of(), Map.of(), events, requests, shoppers, items, -1);
  }
}
