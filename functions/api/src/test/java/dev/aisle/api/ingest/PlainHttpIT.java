package dev.aisle.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.api.InjectStack;
import dev.aisle.api.ingest.RejectedRequests.Case;
import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.AwsClients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The third path: the plain HTTP server of the local build, which has no Lambda extension. Runs in
 * the {@code local} Maven profile only ({@code ./mvnw -Dlocal -pl functions/api verify}), where the
 * test port is a real Vert.x HTTP server; the same table of refused requests gets the same answers.
 */
@QuarkusTest
@TestProfile(IsolatedStackProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlainHttpIT {

  @InjectStack AisleSettings settings;

  static List<Case> cases() {
    return RejectedRequests.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Order(1)
  void isRefused(Case c) {
    Exchange.Answer answer = Exchange.http(c.request());

    assertThat(answer.status()).isEqualTo(c.status());
    assertThat(answer.contentType()).startsWith("application/json");
    RejectedRequestsIT.assertIsAClearError(answer.json(), c);
  }

  @Test
  @Order(2)
  void nothingWasStored() {
    try (DynamoDbClient dynamo = AwsClients.dynamoDb(settings)) {
      for (String table :
          List.of(settings.eventsTable(), settings.itemsTable(), settings.usersTable())) {
        assertThat(dynamo.scan(b -> b.tableName(table)).count()).as("rows in " + table).isZero();
      }
    }
  }

  @Test
  @Order(3)
  void aValidEventIsAccepted() {
    Exchange.Answer answer =
        Exchange.http(
            Exchange.Request.postJson(
                "/events",
                "{\"events\":[{\"eventId\":\"plain-1\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}]}"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"accepted\":1,\"duplicates\":0,\"deferred\":0}");
  }
}
