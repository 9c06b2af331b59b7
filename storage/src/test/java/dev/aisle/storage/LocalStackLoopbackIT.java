package dev.aisle.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.local.LocalStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * While the stack runs, every socket its processes listen on is bound to 127.0.0.0/8: read from
 * /proc (the processes' socket inodes, matched against /proc/net/tcp and tcp6 in LISTEN state).
 */
class LocalStackLoopbackIT {

  private static final String LISTEN = "0A";

  record Listener(InetAddress address, int port) {}

  @Test
  void everyListeningSocketOfTheStackIsOnLoopback() throws IOException {
    AisleSettings settings = LocalStack.ensureUp();
    Path run = LocalStack.repositoryRoot().resolve("infra/local/.run");
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> pidFiles = Files.list(run)) {
      for (Path pidFile : pidFiles.filter(p -> p.toString().endsWith(".pid")).toList()) {
        inodes.addAll(socketInodes(Files.readString(pidFile).strip()));
      }
    }
    List<Listener> listeners = new ArrayList<>();
    listeners.addAll(listeners(Path.of("/proc/net/tcp"), inodes));
    listeners.addAll(listeners(Path.of("/proc/net/tcp6"), inodes));

    int kafka = Integer.parseInt(settings.kafkaBootstrap().split(",")[0].split(":")[1]);
    assertThat(listeners).extracting(Listener::port).contains(settings.dynamodbEndpoint().orElseThrow().getPort(),
        settings.s3Endpoint().orElseThrow().getPort(), kafka);
    assertThat(listeners).allSatisfy(l -> assertThat(l.address().isLoopbackAddress())
        .as("port %d bound to %s", l.port(), l.address().getHostAddress()).isTrue());
  }

  @Test
  void procAddressesDecodeAsTheKernelWritesThem() throws UnknownHostException {
    assertThat(address("0100007F").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(address("00000000").isLoopbackAddress()).isFalse();
    assertThat(address("0000000000000000FFFF00000100007F").getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(address("00000000000000000000000001000000").isLoopbackAddress()).isTrue();
    assertThat(address("00000000000000000000000000000000").isLoopbackAddress()).isFalse();
  }

  private static Set<String> socketInodes(String pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    Path fds = Path.of("/proc", pid, "fd");
    if (!Files.isDirectory(fds)) {
      return inodes;
    }
    try (Stream<Path> links = Files.list(fds)) {
      for (Path link : links.toList()) {
        try {
          String target = Files.readSymbolicLink(link).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away between list and read
        }
      }
    }
    return inodes;
  }

  private static List<Listener> listeners(Path table, Set<String> inodes) throws IOException {
    List<Listener> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
        String[] local = f[1].split(":");
        out.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
      }
    }
    return out;
  }

  /**
   * /proc/net addresses are hex, 32-bit words in host (little-endian) order. An IPv4-mapped IPv6
   * address comes back as its IPv4 address.
   */
  static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
