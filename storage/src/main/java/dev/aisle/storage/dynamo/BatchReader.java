package dev.aisle.storage.dynamo;

import dev.aisle.storage.Deadline;
import dev.aisle.storage.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * BatchGetItem of at most 100 keys, resending the keys DynamoDB leaves unprocessed (throttling)
 * with the same capped, jittered backoff as {@link BatchWriter}, never forever: keys still
 * unprocessed after it, or at the deadline, end in a {@link StoreUnavailableException}.
 */
public final class BatchReader {

  public static final int MAX_BATCH = 100;

  private BatchReader() {}

  /**
   * The stored items among {@code keys} (at most {@value #MAX_BATCH}); absent keys are left out.
   *
   * @param shape sets consistency and projection on the request's keys-and-attributes
   */
  public static List<Map<String, AttributeValue>> get(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      UnaryOperator<KeysAndAttributes.Builder> shape,
      Deadline deadline) {
    return get(dynamo, table, keys, shape, deadline, Backoff.UNPROCESSED);
  }

  static List<Map<String, AttributeValue>> get(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      UnaryOperator<KeysAndAttributes.Builder> shape,
      Deadline deadline,
      Backoff backoff) {
    if (keys.size() > MAX_BATCH) {
      throw new IllegalArgumentException(
          "at most " + MAX_BATCH + " keys per BatchGetItem, got " + keys.size());
    }
    List<Map<String, AttributeValue>> rows = new ArrayList<>();
    Map<String, KeysAndAttributes> request =
        Map.of(table, shape.apply(KeysAndAttributes.builder().keys(keys)).build());
    for (int round = 1; !request.isEmpty(); round++) {
      Map<String, KeysAndAttributes> pending = request;
      var response =
          deadline.call(
              dynamo,
              "reading " + table,
              timeouts ->
                  dynamo.batchGetItem(
                      b -> b.requestItems(pending).overrideConfiguration(timeouts)));
      rows.addAll(response.responses().getOrDefault(table, List.of()));
      request = response.unprocessedKeys();
      if (!request.isEmpty() && !backoff.pause(round, deadline)) {
        throw new StoreUnavailableException(
            "%d of %d keys of table %s stayed unprocessed (throttled) after %d requests"
                .formatted(request.get(table).keys().size(), keys.size(), table, round));
      }
    }
    return rows;
  }
}
