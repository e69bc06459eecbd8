package io.cutover.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose connections never complete: it listens but never accepts, and its accept
 * queue is already full, so the kernel drops every further SYN and a connect hangs until its
 * timeout. What an instance that stopped answering (or a black-holed address) looks like.
 */
public final class UnacceptingPort implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> fillers = new ArrayList<>();

  public UnacceptingPort() {
    try {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      // Fill the accept queue until a connect no longer completes at once.
      for (int i = 0; i < 16; i++) {
        Socket s = new Socket();
        fillers.add(s);
        try {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 200);
        } catch (IOException timedOut) {
          return;
        }
      }
      throw new IllegalStateException("the accept queue never filled");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket s : fillers) {
      s.close();
    }
    server.close();
  }
}
