package dev.aisle.stream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import dev.aisle.stream.BatchResponse;
import dev.aisle.stream.KafkaEvent;
import dev.aisle.stream.KafkaRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The partial batch response of a Kafka event source, pinned to the example AWS documents
 * ("Configuring error handling controls for Kafka event sources",
 * https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html): the function
 * writes it, and the local poller reads it as Lambda does.
 */
class PartialBatchAnswerTest {

  /** The documented answer: the failed record named by "<topic>-<partition>" and offset. */
  private static final String DOCUMENTED_ANSWER =
      """
      {
        "batchItemFailures": [
          {
            "itemIdentifier": {
              "partition": "mytopic-0",
              "offset": 15
            }
          }
        ]
      }
      """;

  /** The documented MSK event's record (the same "mytopic-0", offset 15) and a second one. */
  private static final String MSK_EVENT =
      """
      {
        "eventSource": "aws:kafka",
        "eventSourceArn": "arn:aws:kafka:us-east-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2",
        "bootstrapServers": "b-2.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092",
        "records": {
          "mytopic-0": [
            {"topic": "mytopic", "partition": 0, "offset": 15, "timestamp": 1545084650987,
             "timestampType": "CREATE_TIME", "key": "dXNlci0x", "value": "e30=", "headers": []},
            {"topic": "mytopic", "partition": 0, "offset": 16, "timestamp": 1545084650988,
             "timestampType": "CREATE_TIME", "key": "dXNlci0x", "value": "e30=", "headers": []}
          ]
        }
      }
      """;

  private static final Map<String, Set<Long>> BATCH = Map.of("mytopic-0", Set.of(15L, 16L));

  @Test
  void theFunctionAnswersInTheDocumentedFormat() throws Exception {
    KafkaEvent event = Json.mapper().readValue(MSK_EVENT, KafkaEvent.class);
    KafkaRecord failed = event.records().get("mytopic-0").get(0);

    // through text, as Lambda gets it
    JsonNode written =
        Json.mapper()
            .readTree(
                Json.mapper()
                    .writeValueAsString(
                        new BatchResponse(List.of(BatchResponse.ItemFailure.of(failed)))));

    assertThat(written).isEqualTo(Json.mapper().readTree(DOCUMENTED_ANSWER));
  }

  @Test
  void thePollerReadsTheDocumentedAnswer() throws Exception {
    PartialBatchAnswer answer =
        PartialBatchAnswer.read(Json.mapper().readTree(DOCUMENTED_ANSWER), BATCH);

    assertThat(answer.isValid()).isTrue();
    assertThat(answer.lowestFailed()).containsExactly(Map.entry("mytopic-0", 15L));
  }

  @Test
  void theLowestFailedOffsetOfAPartitionIsWhereDeliveryResumes() throws Exception {
    String two =
        "{\"batchItemFailures\":[{\"itemIdentifier\":{\"partition\":\"mytopic-0\",\"offset\":16}},"
            + "{\"itemIdentifier\":{\"partition\":\"mytopic-0\",\"offset\":15}}]}";

    assertThat(PartialBatchAnswer.read(Json.mapper().readTree(two), BATCH).lowestFailed())
        .containsExactly(Map.entry("mytopic-0", 15L));
  }

  @Test
  void emptyOrAbsentFailuresMeanTheWholeBatchSucceeded() throws Exception {
    for (String json :
        List.of("{\"batchItemFailures\":[]}", "{\"batchItemFailures\":null}", "{}", "null")) {
      assertThat(PartialBatchAnswer.read(Json.mapper().readTree(json), BATCH).allSucceeded())
          .as(json)
          .isTrue();
    }
    assertThat(PartialBatchAnswer.read(null, BATCH).allSucceeded()).isTrue();
  }

  /** The key this function used before: Lambda cannot read it and retries the whole batch. */
  @Test
  void theOldTopicPartitionKeyIsAnInvalidAnswer() throws Exception {
    String old =
        "{\"batchItemFailures\":[{\"itemIdentifier\":{\"topic-partition\":\"mytopic-0\",\"offset\":15}}]}";

    PartialBatchAnswer answer = PartialBatchAnswer.read(Json.mapper().readTree(old), BATCH);

    assertThat(answer.isValid()).isFalse();
    assertThat(answer.invalid()).contains("topic-partition");
  }

  @Test
  void identifiersOutsideTheBatchOrOfTheWrongShapeAreInvalid() throws Exception {
    for (String json :
        List.of(
            "{\"batchItemFailures\":{}}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":\"mytopic-0:15\"}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":{\"partition\":\"mytopic-0\",\"offset\":\"15\"}}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":{\"partition\":\"mytopic-0\",\"offset\":99}}]}",
            "{\"batchItemFailures\":[{\"itemIdentifier\":{\"partition\":\"othertopic-0\",\"offset\":15}}]}")) {
      assertThat(PartialBatchAnswer.read(Json.mapper().readTree(json), BATCH).isValid())
          .as(json)
          .isFalse();
    }
  }
}
