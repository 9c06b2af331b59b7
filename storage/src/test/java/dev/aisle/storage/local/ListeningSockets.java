package dev.aisle.storage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, and the address each is bound to, read from /proc (its
 * socket inodes matched against /proc/net/tcp and tcp6 in LISTEN state): how tests prove that what
 * they start is reachable from this machine only. Linux.
 */
public final class ListeningSockets {

  private static final String LISTEN = "0A";

  public record Listener(InetAddress address, int port) {}

  private ListeningSockets() {}

  public static List<Listener> of(long pid) {
    try {
      Set<String> inodes = socketInodes(pid);
      List<Listener> listeners = new ArrayList<>();
      listeners.addAll(listeners(Path.of("/proc/net/tcp"), inodes));
      listeners.addAll(listeners(Path.of("/proc/net/tcp6"), inodes));
      return listeners;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
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
  public static InetAddress address(String hex) throws UnknownHostException {
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
