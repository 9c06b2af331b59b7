package dev.aisle.api.serving;

import dev.aisle.event.EventType;
import dev.aisle.storage.TableDefinitions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items a shopper bought among their latest events: one query on the events table's {@code byTime}
 * index, newest first, reading at most {@code limit} events. It covers purchases that neither the
 * model (trained earlier) nor user-state (the stream updater may lag or be down) know yet.
 */
final class RecentPurchases {

  private final DynamoDbClient dynamo;
  private final String table;
  private final int limit;

  RecentPurchases(DynamoDbClient dynamo, String table, int limit) {
    this.dynamo = dynamo;
    this.table = table;
    this.limit = limit;
  }

  Set<String> of(String userId) {
    if (limit <= 0) {
      return Set.of();
    }
    // Limit counts events read before the filter: the cost is bounded whatever the shopper did
    var response = dynamo.query(b -> b.tableName(table)
        .indexName(TableDefinitions.EVENTS_BY_TIME_INDEX)
        .keyConditionExpression("#u = :u")
        .filterExpression("#t = :purchase")
        .projectionExpression("#i")
        .expressionAttributeNames(Map.of("#u", TableDefinitions.USER_ID, "#t", "type", "#i", TableDefinitions.ITEM_ID))
        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId),
            ":purchase", AttributeValue.fromS(EventType.PURCHASE.wireName())))
        .scanIndexForward(false)
        .limit(limit));
    Set<String> items = new HashSet<>();
    for (Map<String, AttributeValue> item : response.items()) {
      AttributeValue id = item.get(TableDefinitions.ITEM_ID);
      if (id != null) {
        items.add(id.s());
      }
    }
    return items;
  }
}
