package dev.aisle.stream;

import java.util.List;
import java.util.Map;

/**
 * The event AWS Lambda receives from an Amazon MSK (or self-managed Kafka) event source mapping:
 * records grouped by {@code "<topic>-<partition>"}, each list in offset order. The local poller
 * builds the same JSON.
 *
 * @param eventSource {@code aws:kafka} (MSK) or {@code SelfManagedKafka}
 */
public record KafkaEvent(
    String eventSource,
    String eventSourceArn,
    String bootstrapServers,
    Map<String, List<KafkaRecord>> records) {

  public static final String MSK_SOURCE = "aws:kafka";

  public KafkaEvent {
    records = records == null ? Map.of() : records;
  }

  public int recordCount() {
    return records.values().stream().mapToInt(List::size).sum();
  }
}
