package io.cutover.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Free ports on 127.0.0.1 for new instances. The port is probed and released, so the instance binds
 * it itself; recently handed ports are skipped because an instance may not have bound its port yet
 * when the next one is asked for.
 */
public final class LoopbackPorts {
  private static final int REMEMBERED = 128;
  private static final int ATTEMPTS = 50;

  private final Deque<Integer> recent = new ArrayDeque<>();

  public synchronized int next() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = probe();
      if (!recent.contains(port)) {
        if (recent.size() == REMEMBERED) {
          recent.removeFirst();
        }
        recent.addLast(port);
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port after " + ATTEMPTS + " attempts");
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not probe a free loopback port", e);
    }
  }
}
