package io.cutover.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback instance that reads each request's head and then resets the connection without a byte
 * of answer: the request reached it (and may have run), the proxy gets no response.
 */
public final class ResettingInstance implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread acceptor;

  public ResettingInstance() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::acceptAll, "resetting-instance-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Request heads read so far. */
  public int requests() {
    return requests.get();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        socket.setSoTimeout(5_000);
        // Keep-alive: every head on the connection counts, then the first one resets it.
        if (readHead(socket.getInputStream())) {
          requests.incrementAndGet();
        }
        socket.setSoLinger(true, 0);
      } catch (IOException closedOrTimedOut) {
        // next connection, or the end
      }
    }
  }

  private static boolean readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; (b = in.read()) >= 0; ) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
