package dev.aisle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.local.ListeningSockets;
import dev.aisle.storage.local.ListeningSockets.Listener;
import dev.aisle.storage.local.LocalStack;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * While the stack runs, every socket its processes listen on is bound to 127.0.0.0/8: read from
 * /proc ({@link ListeningSockets}).
 */
class LocalStackLoopbackIT {

  @Test
  void everyListeningSocketOfTheStackIsOnLoopback() throws IOException {
    AisleSettings settings = LocalStack.ensureUp();
    Path run = LocalStack.repositoryRoot().resolve("infra/local/.run");
    List<Listener> listeners = new ArrayList<>();
    try (Stream<Path> pidFiles = Files.list(run)) {
      for (Path pidFile : pidFiles.filter(p -> p.toString().endsWith(".pid")).toList()) {
        listeners.addAll(ListeningSockets.of(Long.parseLong(Files.readString(pidFile).strip())));
      }
    }

    int kafka = Integer.parseInt(settings.kafkaBootstrap().split(",")[0].split(":")[1]);
    assertThat(listeners)
        .extracting(Listener::port)
        .contains(
            settings.dynamodbEndpoint().orElseThrow().getPort(),
            settings.s3Endpoint().orElseThrow().getPort(),
            kafka);
    assertThat(listeners)
        .allSatisfy(
            l ->
                assertThat(l.address().isLoopbackAddress())
                    .as("port %d bound to %s", l.port(), l.address().getHostAddress())
                    .isTrue());
  }

  @Test
  void procAddressesDecodeAsTheKernelWritesThem() throws UnknownHostException {
    assertThat(ListeningSockets.address("0100007F").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(ListeningSockets.address("00000000").isLoopbackAddress()).isFalse();
    assertThat(ListeningSockets.address("0000000000000000FFFF00000100007F").getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(ListeningSockets.address("00000000000000000000000001000000").isLoopbackAddress())
        .isTrue();
    assertThat(ListeningSockets.address("00000000000000000000000000000000").isLoopbackAddress())
        .isFalse();
  }
}
