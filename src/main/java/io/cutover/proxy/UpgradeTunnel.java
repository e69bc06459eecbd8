package io.cutover.proxy;

import io.cutover.routing.Backend;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A protocol upgrade (WebSocket) that the instance accepted: the client's and the instance's
 * connections become one raw byte tunnel, counted as in flight on the instance until either side
 * closes or a drain cuts it.
 */
final class UpgradeTunnel implements Backend.Tunnel {
  private final NetSocket instanceSide;
  private final Backend backend;
  private final AtomicBoolean closed = new AtomicBoolean();
  private NetSocket clientSide;

  private UpgradeTunnel(NetSocket instanceSide, Backend backend) {
    this.instanceSide = instanceSide;
    this.backend = backend;
  }

  static void open(HttpServerRequest request, HttpClientResponse accepted, Backend backend) {
    UpgradeTunnel tunnel = new UpgradeTunnel(accepted.netSocket(), backend);
    backend.opened();
    backend.track(tunnel);
    // The instance's 101 headers (Sec-WebSocket-Accept and friends) go to the client as they are.
    request.response().setStatusCode(101).headers().setAll(accepted.headers());
    request
        .toNetSocket()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                tunnel.cut();
                return;
              }
              tunnel.join(ar.result());
            });
  }

  private void join(NetSocket client) {
    clientSide = client;
    client.closeHandler(v -> cut());
    instanceSide.closeHandler(v -> cut());
    // A reset on either side ends the tunnel like a close (and is not an error worth a log line).
    client.exceptionHandler(e -> cut());
    instanceSide.exceptionHandler(e -> cut());
    client.pipeTo(instanceSide);
    instanceSide.pipeTo(client);
  }

  /** Closes both sides once; drains call this at their deadline. */
  @Override
  public void cut() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    backend.untrack(this);
    instanceSide.close();
    if (clientSide != null) {
      clientSide.close();
    }
    backend.closed(false);
  }
}
