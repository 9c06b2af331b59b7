package dev.aisle.stream.local;

import dev.aisle.stream.KafkaEvent;
import dev.aisle.stream.KafkaRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Builds the Lambda Kafka event, as the MSK event source would, from the records of one poll. */
final class KafkaEvents {

  private KafkaEvents() {}

  static KafkaEvent of(ConsumerRecords<String, byte[]> polled, String bootstrapServers) {
    Base64.Encoder base64 = Base64.getEncoder();
    Map<String, List<KafkaRecord>> grouped = new LinkedHashMap<>();
    for (TopicPartition partition : polled.partitions()) {
      List<KafkaRecord> records = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> r : polled.records(partition)) {
        List<Map<String, int[]>> headers = new ArrayList<>();
        for (Header header : r.headers()) {
          byte[] value = header.value() == null ? new byte[0] : header.value();
          headers.add(Map.of(header.key(), KafkaRecord.headerValue(value)));
        }
        records.add(
            new KafkaRecord(
                r.topic(),
                r.partition(),
                r.offset(),
                r.timestamp(),
                r.timestampType().name(),
                r.key() == null
                    ? null
                    : base64.encodeToString(r.key().getBytes(StandardCharsets.UTF_8)),
                r.value() == null ? null : base64.encodeToString(r.value()),
                headers));
      }
      grouped.put(partition.topic() + "-" + partition.partition(), records);
    }
    return new KafkaEvent(KafkaEvent.MSK_SOURCE, null, bootstrapServers, grouped);
  }
}
