package dev.aisle.trainer.cli;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.EventRetention;
import dev.aisle.storage.dynamo.RetentionSweeper;
import dev.aisle.trainer.publish.Settings;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code aisle-trainer sweep-retention}: deletes the events older than the retention ({@code
 * AISLE_EVENT_RETENTION}, 730 days unless set) from the events table, what DynamoDB's TTL does in
 * AWS. For the local stack, whose DynamoDB server has no TTL; it scans the whole table.
 */
@Command(
    name = "sweep-retention",
    mixinStandardHelpOptions = true,
    description =
        "Deletes events older than the retention (AISLE_EVENT_RETENTION, default 730d; --retention overrides)"
            + " from the events table: DynamoDB's TTL for the local stack. Scans the whole table.")
final class SweepRetentionCommand implements Callable<Integer> {

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      description = "730d, P730D, … (default: AISLE_EVENT_RETENTION).")
  String retention;

  @Override
  public Integer call() {
    EventRetention rule =
        retention == null
            ? EventRetention.fromEnv(System.getenv())
            : EventRetention.parse(retention);
    Optional<Instant> before = rule.expiredBefore(Instant.now());
    if (before.isEmpty()) {
      System.out.println("retention: events are kept; nothing to sweep");
      return 0;
    }
    AisleSettings settings = Settings.resolve();
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      long deleted = new RetentionSweeper(dynamo, settings.eventsTable()).sweep(before.get());
      System.out.printf(
          "deleted %d events older than %s from %s%n",
          deleted, before.get(), settings.eventsTable());
    }
    return 0;
  }
}
