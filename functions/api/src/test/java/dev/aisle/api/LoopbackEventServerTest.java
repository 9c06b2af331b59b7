package dev.aisle.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.local.ListeningSockets;
import dev.aisle.storage.local.ListeningSockets.Listener;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The tests' Lambda mock event server, where every test request enters, is reachable from this
 * machine only.
 */
@QuarkusTest
class LoopbackEventServerTest {

  @Test
  void theTestPortListensOnLoopbackOnly() {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);

    given().get("/health").then().statusCode(200);
    List<Listener> listeners =
        ListeningSockets.of(ProcessHandle.current().pid()).stream()
            .filter(l -> l.port() == port)
            .toList();

    assertThat(listeners)
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l.address().isLoopbackAddress())
                    .as("the test port bound to %s", l.address().getHostAddress())
                    .isTrue());
  }
}
