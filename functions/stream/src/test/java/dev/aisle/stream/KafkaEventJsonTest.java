package dev.aisle.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire formats of the Kafka event source: its event in, partial batch responses out. */
class KafkaEventJsonTest {

  /** The shape of the MSK example event in the AWS Lambda developer guide. */
  private static final String MSK_EVENT =
      """
      {
        "eventSource": "aws:kafka",
        "eventSourceArn": "arn:aws:kafka:us-east-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2",
        "bootstrapServers": "b-2.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092,b-1.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092",
        "records": {
          "mytopic-0": [
            {
              "topic": "mytopic",
              "partition": 0,
              "offset": 15,
              "timestamp": 1545084650987,
              "timestampType": "CREATE_TIME",
              "key": "dXNlci0x",
              "value": "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==",
              "headers": [{"headerKey": [104, 101, 97, 100, 101, 114, 86, 97, 108, 117, 101]}]
            }
          ]
        }
      }
      """;

  @Test
  void readsTheMskEvent() throws Exception {
    KafkaEvent event = Json.mapper().readValue(MSK_EVENT, KafkaEvent.class);

    assertThat(event.eventSource()).isEqualTo(KafkaEvent.MSK_SOURCE);
    assertThat(event.recordCount()).isEqualTo(1);
    KafkaRecord record = event.records().get("mytopic-0").get(0);
    assertThat(record.topicPartition()).isEqualTo("mytopic-0");
    assertThat(record.offset()).isEqualTo(15);
    assertThat(record.timestamp()).isEqualTo(1545084650987L);
    assertThat(record.keyText()).isEqualTo("user-1");
    assertThat(new String(record.valueBytes())).isEqualTo("Hello, this is a test.");
    assertThat(record.headers().get(0).get("headerKey")).hasSize(11).startsWith(104, 101);
  }

  @Test
  void writesWhatItReadsSoThePollerSendsTheSameJson() throws Exception {
    KafkaEvent event = Json.mapper().readValue(MSK_EVENT, KafkaEvent.class);

    JsonNode original = Json.mapper().readTree(MSK_EVENT);
    JsonNode written = Json.mapper().readTree(Json.mapper().writeValueAsString(event));

    assertThat(written).isEqualTo(original);
  }

  @Test
  void reportsFailuresByTopicPartitionAndOffset() throws Exception {
    KafkaRecord record =
        new KafkaRecord("aisle.interactions", 3, 42, 0, "CREATE_TIME", null, null, List.of());
    BatchResponse response = new BatchResponse(List.of(BatchResponse.ItemFailure.of(record)));

    assertThat(Json.mapper().writeValueAsString(response))
        .isEqualTo(
            "{\"batchItemFailures\":[{\"itemIdentifier\":{\"partition\":\"aisle.interactions-3\",\"offset\":42}}]}");
    assertThat(Json.mapper().writeValueAsString(BatchResponse.success()))
        .isEqualTo("{\"batchItemFailures\":[]}");
  }
}
