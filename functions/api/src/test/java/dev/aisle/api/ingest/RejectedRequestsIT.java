package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.api.InjectStack;
import dev.aisle.api.ingest.RejectedRequests.Case;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.kafka.KafkaClients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every request of {@link RejectedRequests} is refused with a clear 4xx JSON error, identically as
 * HTTP and as an API Gateway v2 event through the Lambda handler; afterwards nothing is stored or
 * published.
 */
@QuarkusTest
@TestProfile(IsolatedStackProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RejectedRequestsIT {

  @InjectStack AisleSettings settings;

  static List<Case> cases() {
    return RejectedRequests.all();
  }

  @Test
  @Order(1)
  void theTableHoldsAtLeastFortyMalformedRequests() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases()).extracting(Case::name).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Order(2)
  void isRefusedTheSameWayOnBothPaths(Case c) {
    Exchange.Answer http = Exchange.http(c.request());
    Exchange.Answer lambda = Exchange.lambda(c.request());

    assertThat(http.status()).as("status over HTTP").isEqualTo(c.status());
    assertThat(lambda.status()).as("status through API Gateway").isEqualTo(c.status());
    assertThat(lambda.body()).as("body through API Gateway").isEqualTo(http.body());
    assertThat(http.contentType()).startsWith("application/json");
    assertThat(lambda.contentType()).startsWith("application/json");
    assertIsAClearError(http.json(), c);
  }

  @Test
  @Order(3)
  void nothingWasStoredOrPublished() throws Exception {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      for (String table :
          List.of(settings.eventsTable(), settings.itemsTable(), settings.usersTable())) {
        assertThat(dynamo.scan(b -> b.tableName(table)).count()).as("rows in " + table).isZero();
      }
    }
    try (Admin admin = Admin.create(KafkaClients.common(settings))) {
      var description =
          admin
              .describeTopics(List.of(settings.interactionsTopic()))
              .allTopicNames()
              .get()
              .get(settings.interactionsTopic());
      Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
      description
          .partitions()
          .forEach(
              p ->
                  ends.put(
                      new TopicPartition(settings.interactionsTopic(), p.partition()),
                      OffsetSpec.latest()));
      admin
          .listOffsets(ends)
          .all()
          .get()
          .values()
          .forEach(offset -> assertThat(offset.offset()).as("records on the topic").isZero());
    }
  }

  static void assertIsAClearError(JsonNode body, Case c) {
    assertThat(body.get("error").asText()).matches(c.error());
    List<String> messages = new ArrayList<>(List.of(body.get("message").asText()));
    body.get("details").forEach(d -> messages.add(d.get("message").asText()));
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(messages).as("messages").anySatisfy(m -> assertThat(m).contains(c.messagePart()));
    if (c.field() != null || c.index() != null) {
      assertThat(body.get("details"))
          .as("details")
          .anySatisfy(
              d -> {
                assertThat(d.has("index") ? d.get("index").asInt() : null).isEqualTo(c.index());
                assertThat(d.has("field") ? d.get("field").asText() : null).isEqualTo(c.field());
              });
    }
    assertThat(body.toString())
        .doesNotContain("Exception", "java.", "dev.aisle", "\tat ", "StreamReadConstraints");
  }
}
