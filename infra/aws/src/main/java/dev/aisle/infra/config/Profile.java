package dev.aisle.infra.config;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * A deploy profile ({@code -c aisle:profile=small|standard|large}): a set of context defaults sized
 * for one kind of shop. Any key given explicitly (cdk.json or {@code -c}) wins over the profile's
 * value, so a profile is a starting point, never a lock. docs/deploy.md lists every value and
 * docs/cost.md what each costs.
 *
 * <p>What does not change with the profile: encryption, least privilege, private subnets for the
 * data path, TLS only, the WAF in front of the api, alarms.
 */
public enum Profile {

  /**
   * About 100 k events a month: the cheapest Kafka that still gives the stream an event source and
   * durability (two kafka.t3.small brokers, one per Availability Zone, topics declared at deploy
   * time), the event source in on-demand mode with Lambda and STS endpoints in one zone instead of
   * a provisioned poller (which alone costs more than the brokers), small task and function sizes,
   * a week of logs.
   */
  SMALL(
      Map.ofEntries(
          Map.entry("kafka", "provisioned"),
          Map.entry("kafkaBrokerType", "kafka.t3.small"),
          Map.entry("kafkaBrokerStorageGiB", "10"),
          Map.entry("streamPollers", "on-demand"),
          Map.entry("egress", "endpoints"),
          Map.entry("endpointAzs", "1"),
          Map.entry("streamMemoryMiB", "512"),
          Map.entry("trainerCpu", "1024"),
          Map.entry("trainerMemoryMiB", "2048"),
          Map.entry("sparkMaxVcpus", "8"),
          Map.entry("sparkMaxMemoryGb", "32"),
          Map.entry("logRetentionDays", "7"),
          Map.entry("modelVersionsRetentionDays", "7"))),

  /** Today's deployment: MSK Serverless, provisioned event pollers, on-demand tables. */
  STANDARD(Map.of()),

  /**
   * 1 B events, 10 M shoppers, 1 M items a month: provisioned brokers with 16 interaction
   * partitions, more pollers, the trainer at 16 vCPU / 96 GB (room for the 6 GB heap the trainer
   * targets at 100 M events, ten times over), a 2 GB api with two provisioned instances, the two
   * hot tables in provisioned capacity with auto scaling and the events table in Standard-IA (its
   * storage outweighs its writes), events kept 180 days.
   */
  LARGE(
      Map.ofEntries(
          Map.entry("kafka", "provisioned"),
          Map.entry("kafkaBrokerType", "kafka.m7g.large"),
          Map.entry("kafkaBrokerStorageGiB", "200"),
          Map.entry("interactionPartitions", "16"),
          Map.entry("streamMaxPollers", "8"),
          Map.entry("apiMemoryMiB", "2048"),
          Map.entry("apiProvisionedConcurrency", "2"),
          Map.entry("trainerCpu", "16384"),
          Map.entry("trainerMemoryMiB", "98304"),
          Map.entry("sparkMaxVcpus", "128"),
          Map.entry("sparkMaxMemoryGb", "512"),
          Map.entry("tableCapacity", "provisioned"),
          Map.entry("eventsTableClass", "standard-ia"),
          Map.entry("eventRetentionDays", "180"),
          Map.entry("modelVersionsRetentionDays", "14")));

  private final Map<String, String> defaults;

  Profile(Map<String, String> defaults) {
    this.defaults = defaults;
  }

  /** Context keys (without the {@code aisle:} prefix) this profile sets, and their values. */
  public Map<String, String> defaults() {
    return defaults;
  }

  public String contextName() {
    return name().toLowerCase();
  }

  /** The profile of {@code aisle:profile} (default standard). */
  static Profile of(Function<String, Object> lookup) {
    Object value = lookup.apply(Context.PREFIX + "profile");
    String name =
        value == null || value.toString().isBlank()
            ? "standard"
            : value.toString().trim().toLowerCase();
    return Arrays.stream(values())
        .filter(p -> p.contextName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "context "
                        + Context.PREFIX
                        + "profile="
                        + value
                        + " is not valid: expected one of small, standard, large"));
  }

  /** Explicit context first, then this profile's default, then the code's default. */
  Function<String, Object> over(Function<String, Object> lookup) {
    return key -> {
      Object explicit = lookup.apply(key);
      if (explicit != null && !explicit.toString().isBlank()) {
        return explicit;
      }
      return key.startsWith(Context.PREFIX)
          ? defaults.get(key.substring(Context.PREFIX.length()))
          : null;
    };
  }
}
