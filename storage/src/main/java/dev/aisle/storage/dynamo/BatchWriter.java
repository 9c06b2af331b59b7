package dev.aisle.storage.dynamo;

import dev.aisle.storage.Deadline;
import dev.aisle.storage.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Unconditional puts (or deletes) in BatchWriteItem requests of 25. DynamoDB may leave items
 * unprocessed when a partition is throttled; the SDK does not retry those (the request itself
 * succeeded), so they are resent here with capped, jittered backoff ({@link Backoff#UNPROCESSED}).
 * Items still unprocessed after that, or when the deadline comes, end in a {@link
 * StoreUnavailableException}: the caller answers 503 and the client resends.
 */
public final class BatchWriter {

  public static final int MAX_BATCH = 25;

  private BatchWriter() {}

  public static void putAll(
      DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
    putAll(dynamo, table, items, Deadline.none());
  }

  public static void putAll(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> items,
      Deadline deadline) {
    writeAll(
        dynamo,
        table,
        items.stream()
            .map(
                item ->
                    WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build())
            .toList(),
        deadline);
  }

  /** Deletes the items with these keys (absent ones are no error). */
  public static void deleteAll(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      Deadline deadline) {
    writeAll(
        dynamo,
        table,
        keys.stream()
            .map(
                key ->
                    WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(key).build())
                        .build())
            .toList(),
        deadline);
  }

  private static void writeAll(
      DynamoDbClient dynamo, String table, List<WriteRequest> requests, Deadline deadline) {
    for (int start = 0; start < requests.size(); start += MAX_BATCH) {
      write(
          dynamo,
          table,
          new ArrayList<>(requests.subList(start, Math.min(requests.size(), start + MAX_BATCH))),
          deadline,
          Backoff.UNPROCESSED);
    }
  }

  static void write(
      DynamoDbClient dynamo,
      String table,
      List<WriteRequest> batch,
      Deadline deadline,
      Backoff backoff) {
    List<WriteRequest> pending = batch;
    for (int round = 1; ; round++) {
      List<WriteRequest> request = pending;
      pending =
          deadline
              .call(
                  dynamo,
                  "writing to " + table,
                  timeouts ->
                      dynamo.batchWriteItem(
                          b ->
                              b.requestItems(Map.of(table, request))
                                  .overrideConfiguration(timeouts)))
              .unprocessedItems()
              .getOrDefault(table, List.of());
      if (pending.isEmpty()) {
        return;
      }
      if (!backoff.pause(round, deadline)) {
        throw new StoreUnavailableException(
            "%d of %d items of table %s stayed unprocessed (throttled) after %d requests"
                .formatted(pending.size(), batch.size(), table, round));
      }
    }
  }
}
