package io.cutover.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Whether another process serves the traffic port already: then this gateway is taking the port
 * over from a running one (an upgrade, a restart under load), and binds beside it only once it can
 * serve the same routes, so no request meets a gateway that does not know them yet.
 */
final class PortHandoff {
  private static final int PROBE_TIMEOUT_MS = 500;

  private PortHandoff() {}

  /** True when something accepts a connection on the port (port 0: never). */
  static boolean served(String host, int port) {
    if (port <= 0) {
      return false;
    }
    String probe = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(probe, port), PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException nobody) {
      return false;
    }
  }
}
