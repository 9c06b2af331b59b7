package dev.aisle.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A call cut short by the deadline fails as a spent budget, whichever SDK timeout fires. */
class DeadlineTest {

  private ServerSocket silent;
  private final List<Socket> accepted = new ArrayList<>();
  private DynamoDbClient dynamo;

  @BeforeEach
  void aServerThatAcceptsAndNeverAnswers() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept());
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    dynamo =
        DynamoDbClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  @AfterEach
  void close() throws IOException {
    dynamo.close();
    silent.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  void aCallTheDeadlineCutsShortIsAStoreUnavailableException() {
    // long enough that the request is sent before the budget is spent, even on a loaded machine
    Deadline deadline = Deadline.in(Duration.ofSeconds(3));

    assertThatThrownBy(
            () ->
                deadline.call(
                    dynamo,
                    "listing tables",
                    timeouts -> dynamo.listTables(b -> b.overrideConfiguration(timeouts))))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("listing tables")
        .hasCauseInstanceOf(ApiCallTimeoutException.class);
  }

  @Test
  void aSpentBudgetFailsBeforeAnyRequest() throws InterruptedException {
    Deadline deadline = Deadline.in(Duration.ofMillis(1));
    Thread.sleep(5);

    assertThatThrownBy(
            () ->
                deadline.call(
                    dynamo,
                    "listing tables",
                    timeouts -> dynamo.listTables(b -> b.overrideConfiguration(timeouts))))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("time budget is spent");
    assertThat(accepted).isEmpty();
  }

  @Test
  void withoutADeadlineTheSdkTimeoutIsLeftAlone() {
    DynamoDbClient impatient =
        DynamoDbClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMillis(150)))
            .build();
    try (impatient) {
      assertThatThrownBy(
              () ->
                  Deadline.none()
                      .call(
                          impatient,
                          "listing tables",
                          timeouts -> impatient.listTables(b -> b.overrideConfiguration(timeouts))))
          .isInstanceOf(ApiCallTimeoutException.class);
    }
  }
}
