package dev.aisle.api.ingest;

import dev.aisle.storage.AisleSettings;
import dev.aisle.storage.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The api's local build ({@code functions/api/target/local/quarkus-app/quarkus-run.jar}, the plain
 * HTTP server of {@code -Dlocal}) as a process of its own, on a free loopback port, on the tables,
 * topic and endpoints of the given settings: what the bench, the soak and the crash test start,
 * kill and restart. Its log goes to a temporary file.
 */
final class LocalApi implements AutoCloseable {

  /** stack.sh's JVM flags for the api. */
  static final List<String> JVM =
      List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Process process;
  private final int port;
  private final Path log;

  private LocalApi(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The local build of this checkout. */
  static Path defaultJar() {
    return LocalStack.repositoryRoot()
        .resolve("functions/api/target/local/quarkus-app/quarkus-run.jar");
  }

  /**
   * Starts the api on {@code settings} (as {@code AISLE_*} variables) plus {@code environment}
   * (wins), with provisioning off (the caller provisions).
   */
  static LocalApi start(
      Path jar, List<String> jvm, AisleSettings settings, Map<String, String> environment) {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "no local api build at " + jar + ": run ./mvnw -B -Dlocal -pl functions/api package");
    }
    try {
      int port = freePort();
      Path log = Files.createTempFile("aisle-api-", ".log");
      List<String> command =
          new ArrayList<>(
              List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      command.addAll(jvm);
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      settings.toProperties().forEach((key, value) -> env.put(variable(key), value));
      env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
      env.put("AISLE_PROVISION", "false");
      env.putAll(environment);
      return new LocalApi(builder.start(), port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code aisle.ingest.write-budget} → {@code AISLE_INGEST_WRITE_BUDGET}. */
  static String variable(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until {@code GET /health} answers 200. */
  LocalApi awaitHealthy(Duration limit) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the api exited while starting; see " + log);
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(uri("/health"))
                        .timeout(Duration.ofSeconds(2))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "the api did not answer /health within " + limit + "; see " + log);
  }

  /** SIGKILL: the process ends wherever it is, like a crashed container. */
  void kill() {
    process.destroyForcibly();
    waitFor(process, Duration.ofSeconds(20));
  }

  /** SIGTERM, then SIGKILL after 20 s. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!waitFor(process, Duration.ofSeconds(20))) {
        kill();
      }
    }
  }

  private static boolean waitFor(Process process, Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
