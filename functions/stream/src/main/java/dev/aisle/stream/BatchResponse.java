package dev.aisle.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The function's answer to the Kafka event source: the records to retry. With
 * {@code FunctionResponseTypes=[ReportBatchItemFailures]} on the event source mapping, Lambda
 * commits up to the lowest failed offset of each partition and redelivers from there; an empty
 * list means the whole batch succeeded. Poison records are not failures: they went to the
 * dead-letter topic.
 */
public record BatchResponse(List<ItemFailure> batchItemFailures) {

  public BatchResponse {
    batchItemFailures = batchItemFailures == null ? List.of() : List.copyOf(batchItemFailures);
  }

  public static BatchResponse success() {
    return new BatchResponse(List.of());
  }

  public record ItemFailure(ItemIdentifier itemIdentifier) {

    public static ItemFailure of(KafkaRecord record) {
      return new ItemFailure(new ItemIdentifier(record.topicPartition(), record.offset()));
    }
  }

  /** How the Kafka event source names a record: its topic-partition and offset. */
  public record ItemIdentifier(@JsonProperty("topic-partition") String topicPartition, long offset) {}
}
