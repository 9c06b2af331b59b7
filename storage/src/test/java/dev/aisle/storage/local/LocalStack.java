package dev.aisle.storage.local;

import dev.aisle.storage.AisleSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the local stack for tests, benches and CLIs, and starts it with {@code stack.sh up} when it
 * does not answer. Integration tests call {@link #ensureUp()} first; nothing here is a mock.
 */
public final class LocalStack {

  private static final String SCRIPT = "infra/local/stack.sh";

  /**
   * Outside the {@code aisle.} namespace on purpose: that prefix belongs to the functions'
   * settings.
   */
  static final String ROOT_PROPERTY = "dev.aisle.repo-root";

  private LocalStack() {}

  /**
   * Settings of the running stack, starting it first if needed (tables, buckets, topics included).
   */
  public static synchronized AisleSettings ensureUp() {
    Path root = repositoryRoot();
    Path envFile = root.resolve(StackEnv.RELATIVE_PATH);
    if (!Files.exists(envFile) || !answers(StackEnv.settings(envFile))) {
      runScript(root, "up");
    }
    return StackEnv.settings(envFile);
  }

  /**
   * The checkout this code runs in: {@code -Ddev.aisle.repo-root}, else the nearest parent with
   * stack.sh.
   */
  public static Path repositoryRoot() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && Files.exists(Path.of(configured, SCRIPT))) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(SCRIPT))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find " + SCRIPT + " above " + Path.of("").toAbsolutePath());
  }

  public static void runScript(Path root, String... args) {
    List<String> command =
        new java.util.ArrayList<>(List.of("bash", root.resolve(SCRIPT).toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed with exit code " + exit);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  static boolean answers(AisleSettings settings) {
    return settings.dynamodbEndpoint().map(LocalStack::listens).orElse(false)
        && settings.s3Endpoint().map(LocalStack::listens).orElse(false)
        && listens(URI.create("tcp://" + settings.kafkaBootstrap().split(",")[0]));
  }

  private static boolean listens(URI endpoint) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
