package dev.aisle.api.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback port that accepts connections and never answers: a broker that is "there" for TCP but
 * hung, so a client's waits (metadata, requests) run to their timeouts instead of failing fast with
 * "connection refused".
 */
final class SilentServer implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  SilentServer() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  held.add(server.accept());
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code 127.0.0.1:port}, as a Kafka bootstrap address. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    held.forEach(
        socket -> {
          try {
            socket.close();
          } catch (IOException ignored) {
            // closing anyway
          }
        });
  }
}
