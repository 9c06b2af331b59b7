package dev.aisle.stream.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A stream function's answer read the way Lambda reads it for a Kafka event source with {@code
 * ReportBatchItemFailures} on ("Configuring error handling controls for Kafka event sources",
 * https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html): {@code
 * {"batchItemFailures":[{"itemIdentifier":{"partition":"<topic>-<n>","offset":N}}]}}.
 *
 * <ul>
 *   <li>No answer, no {@code batchItemFailures}, a null or empty list: the whole batch succeeded.
 *   <li>Valid identifiers: per partition, the lowest failed offset is where delivery resumes.
 *   <li>Anything else (not a list, an identifier without {@code partition} or {@code offset}, of
 *       the wrong type, or naming a record that was not in the batch): the answer is invalid and
 *       the whole batch is retried, as Lambda does. The local poller must not be more lenient than
 *       Lambda, or a wrong key would pass every local test and fail only in AWS.
 * </ul>
 *
 * @param lowestFailed per {@code "<topic>-<n>"}, the lowest failed offset; empty when all succeeded
 * @param invalid why the answer cannot be read, or null when it can
 */
public record PartialBatchAnswer(Map<String, Long> lowestFailed, String invalid) {

  private static final PartialBatchAnswer SUCCESS = new PartialBatchAnswer(Map.of(), null);

  /**
   * @param answer the function's answer as JSON (null: no answer)
   * @param batch per {@code "<topic>-<n>"} of the batch, the offsets it delivered
   */
  public static PartialBatchAnswer read(JsonNode answer, Map<String, Set<Long>> batch) {
    if (answer == null || answer.isNull() || answer.isMissingNode()) {
      return SUCCESS;
    }
    JsonNode failures = answer.get("batchItemFailures");
    if (failures == null || failures.isNull()) {
      return SUCCESS;
    }
    if (!failures.isArray()) {
      return invalid("batchItemFailures is not a list");
    }
    Map<String, Long> lowest = new HashMap<>();
    for (JsonNode failure : failures) {
      JsonNode id = failure.get("itemIdentifier");
      if (id == null || !id.isObject()) {
        return invalid("an itemIdentifier is missing or not an object");
      }
      JsonNode partition = id.get("partition");
      JsonNode offset = id.get("offset");
      if (partition == null
          || !partition.isTextual()
          || offset == null
          || !offset.isIntegralNumber()) {
        return invalid(
            "an itemIdentifier lacks a textual partition or an integral offset: fields "
                + fieldNames(id));
      }
      Set<Long> delivered = batch.get(partition.asText());
      if (delivered == null || !delivered.contains(offset.asLong())) {
        return invalid("an itemIdentifier names a record not in the batch");
      }
      lowest.merge(partition.asText(), offset.asLong(), Math::min);
    }
    return new PartialBatchAnswer(Collections.unmodifiableMap(lowest), null);
  }

  private static PartialBatchAnswer invalid(String reason) {
    return new PartialBatchAnswer(Map.of(), reason);
  }

  private static String fieldNames(JsonNode node) {
    StringBuilder names = new StringBuilder();
    node.fieldNames().forEachRemaining(n -> names.append(names.isEmpty() ? "" : ",").append(n));
    return names.toString();
  }

  public boolean isValid() {
    return invalid == null;
  }

  public boolean allSucceeded() {
    return isValid() && lowestFailed.isEmpty();
  }
}
