package dev.aisle.stream;

import java.util.List;

/**
 * The function's answer to the Kafka event source: the records to retry. With {@code
 * FunctionResponseTypes=[ReportBatchItemFailures]} on the event source mapping, Lambda commits up
 * to the lowest failed offset of each partition and redelivers from there; an empty list means the
 * whole batch succeeded. Poison records are not failures: they went to the dead-letter topic.
 *
 * <p>The wire format is the one AWS documents for Kafka event sources (Amazon MSK and self-managed
 * Kafka), "Configuring error handling controls for Kafka event sources",
 * https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html (partial batch
 * response): {@code
 * {"batchItemFailures":[{"itemIdentifier":{"partition":"<topic>-<n>","offset":N}}]}}. Lambda treats
 * an identifier it cannot read as a failure of the whole batch, so a wrong key (an older {@code
 * "topic-partition"}) silently turns every partial failure into a full retry.
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

  /**
   * How the Kafka event source names a record.
   *
   * @param partition the record's topic and partition as the event's {@code records} keys spell
   *     them: {@code "<topic>-<partition number>"}
   * @param offset the record's offset in that partition
   */
  public record ItemIdentifier(String partition, long offset) {}
}
