package dev.aisle.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Unconditional puts in BatchWriteItem requests of 25, resending unprocessed items with backoff
 * until all are written (the SDK retries failed requests, not unprocessed items).
 */
public final class BatchWriter {

  public static final int MAX_BATCH = 25;
  private static final int MAX_ROUNDS = 12;

  private BatchWriter() {}

  public static void putAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
    for (int start = 0; start < items.size(); start += MAX_BATCH) {
      List<WriteRequest> batch = new ArrayList<>();
      for (Map<String, AttributeValue> item : items.subList(start, Math.min(items.size(), start + MAX_BATCH))) {
        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
      }
      write(dynamo, table, batch);
    }
  }

  private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
    List<WriteRequest> pending = batch;
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException(pending.size() + " items of " + table + " stayed unprocessed");
      }
      if (round > 0) {
        sleep(Math.min(1000L, 25L << round));
      }
      List<WriteRequest> request = pending;
      pending = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, request)))
          .unprocessedItems().getOrDefault(table, List.of());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing", e);
    }
  }
}
