package dev.aisle.storage.dynamo;

import dev.aisle.storage.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deletes events whose timestamp is older than the retention: what DynamoDB's TTL does in AWS, for
 * the local DynamoDB server, which has none. A scan of the whole table (keys only, filtered on
 * {@code ts}): meant for the local stack and tests, not for a production table (there, TTL is
 * free).
 */
public final class RetentionSweeper {

  private static final int DELETE_CHUNK = 500;

  private final DynamoDbClient dynamo;
  private final String eventsTable;

  public RetentionSweeper(DynamoDbClient dynamo, String eventsTable) {
    this.dynamo = dynamo;
    this.eventsTable = eventsTable;
  }

  /** Deletes every event with a timestamp before {@code expiredBefore}; returns how many. */
  public long sweep(Instant expiredBefore) {
    long deleted = 0;
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    var pages =
        dynamo.scanPaginator(
            b ->
                b.tableName(eventsTable)
                    .filterExpression("#ts < :cut")
                    .projectionExpression("#u, #e")
                    .expressionAttributeNames(
                        Map.of(
                            "#ts",
                            TableDefinitions.TIMESTAMP,
                            "#u",
                            TableDefinitions.USER_ID,
                            "#e",
                            TableDefinitions.EVENT_ID))
                    .expressionAttributeValues(
                        Map.of(
                            ":cut",
                            AttributeValue.fromN(Long.toString(expiredBefore.toEpochMilli())))));
    for (var page : pages) {
      keys.addAll(page.items());
      if (keys.size() >= DELETE_CHUNK) {
        deleted += delete(keys);
      }
    }
    return deleted + delete(keys);
  }

  private long delete(List<Map<String, AttributeValue>> keys) {
    int n = keys.size();
    BatchWriter.deleteAll(dynamo, eventsTable, List.copyOf(keys), Deadline.none());
    keys.clear();
    return n;
  }
}
