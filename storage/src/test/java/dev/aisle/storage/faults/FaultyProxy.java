package dev.aisle.storage.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port in front of one server (the local DynamoDB server, say) that
 * injects I/O faults the way a network or an overloaded server would: every chunk of the answer
 * {@link #delay delayed}, or everything {@link #pause paused} (bytes held, connections left open)
 * until {@link #resume}. The product talks to it through its ordinary endpoint setting, so the
 * fault is real I/O, not a mock. One thread per direction and connection: for tests, not for load.
 */
public final class FaultyProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Object gate = new Object();
  private volatile long delayMillis;
  private volatile boolean paused;
  private volatile boolean closed;

  private FaultyProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Starts a proxy for {@code target} (host:port) on a free loopback port. */
  public static FaultyProxy start(String host, int port) {
    try {
      ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
      FaultyProxy proxy = new FaultyProxy(server, new InetSocketAddress(host, port));
      Thread acceptor = new Thread(proxy::accept, "faulty-proxy-" + server.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A proxy in front of the server of an {@code http://host:port} endpoint. */
  public static FaultyProxy inFrontOf(URI endpoint) {
    return start(endpoint.getHost(), endpoint.getPort());
  }

  public int port() {
    return server.getLocalPort();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Every chunk the server sends back waits this long first (zero: none). */
  public void delay(Duration delay) {
    delayMillis = delay.toMillis();
  }

  /** Holds every byte in both directions, on open and new connections, until {@link #resume}. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  /** No delay, no pause. */
  public void heal() {
    delay(Duration.ZERO);
    resume();
  }

  @Override
  public void close() {
    closed = true;
    resume();
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    sockets.forEach(FaultyProxy::quietlyClose);
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, false);
        pump(upstream, client, true);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean answers) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  awaitGate();
                  long delay = delayMillis;
                  if (answers && delay > 0) {
                    Thread.sleep(delay);
                  }
                  awaitGate();
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // a side closed the connection: close the other one too
              } finally {
                quietlyClose(from);
                quietlyClose(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "faulty-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitGate() throws InterruptedException {
    synchronized (gate) {
      while (paused && !closed) {
        gate.wait();
      }
    }
  }

  private static void quietlyClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
