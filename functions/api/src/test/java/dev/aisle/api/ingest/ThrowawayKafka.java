package dev.aisle.api.ingest;

import dev.aisle.storage.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node Kafka broker (KRaft) of a test's own, on free loopback ports, from the jars the
 * local stack uses (infra/local/target/servers/kafka): the shared broker is never touched. It can
 * be stopped and started again on the same data directory, like a broker that goes away and comes
 * back.
 */
final class ThrowawayKafka implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(90);

  private final Path dir;
  private final Path config;
  private final String classpath;
  private final int port;
  private Process process;

  private ThrowawayKafka(Path dir, String classpath, int port, int controllerPort)
      throws IOException {
    this.dir = dir;
    this.classpath = classpath;
    this.port = port;
    this.config = dir.resolve("server.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("data"),
            "auto.create.topics.enable=false",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
  }

  /** Formats a new broker's storage (not started yet). Needs the local stack's Kafka jars. */
  static ThrowawayKafka format() {
    Path jars = LocalStack.repositoryRoot().resolve("infra/local/target/servers/kafka");
    if (!Files.isDirectory(jars)) {
      throw new IllegalStateException(
          "no Kafka jars in " + jars + ": run ./mvnw -pl infra/local package");
    }
    try {
      ThrowawayKafka kafka =
          new ThrowawayKafka(
              Files.createTempDirectory("aisle-kafka-"), jars + "/*", freePort(), freePort());
      String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes());
      // --cluster-id=ID in one argument: a base64url id may start with '-', which would read as an
      // option
      Process format =
          kafka.run(
              List.of(
                  "kafka.tools.StorageTool",
                  "format",
                  "--cluster-id=" + clusterId,
                  "-c",
                  kafka.config.toString(),
                  "--standalone"),
              "format.log");
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        throw new IllegalStateException(
            "formatting the test broker failed; see " + kafka.dir.resolve("format.log"));
      }
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker and waits until it accepts connections. */
  void start() {
    try {
      process = run(List.of("kafka.Kafka", config.toString()), "broker.log");
      long deadline = System.nanoTime() + READY.toNanos();
      while (!startedLogged() || !listening()) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the test broker did not start; see " + dir.resolve("broker.log"));
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the broker (SIGTERM, then kill after 30 s); its data stays for the next start. */
  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private Process run(List<String> mainAndArgs, String log) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Xms64m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                "-cp",
                classpath));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(log).toFile())
        .start();
  }

  private boolean startedLogged() throws IOException {
    Path log = dir.resolve("broker.log");
    return Files.exists(log) && Files.readString(log).contains("Kafka Server started");
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static byte[] uuidBytes() {
    UUID id = UUID.randomUUID();
    return java.nio.ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }
}
