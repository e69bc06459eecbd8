package io.cutover.proxy;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;

/**
 * How the proxy breaks off with a client without touching its neighbours: over HTTP/1.x the
 * connection is the request, so it closes; over HTTP/2 only the request's stream is reset, and the
 * other streams on the connection carry on.
 */
final class ClientCut {
  // A client still sending a refused body gets this long to read the answer before the close.
  private static final long LINGER_MILLIS = 2000;
  private static final long NO_ERROR = 0;
  private static final long CANCEL = 8;

  private ClientCut() {}

  /** Ends this request's exchange at once (mid-answer: the only honest signal left). */
  static void cut(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset(CANCEL);
    } else {
      request.connection().close();
    }
  }

  /**
   * After a complete answer to a request whose body is not read (413): HTTP/2 asks the client to
   * stop sending (RST_STREAM NO_ERROR, RFC 9113 8.1); HTTP/1.x shuts the sending side and closes a
   * little later, so a client still writing the body is not reset before it read the answer.
   */
  static void afterAnswer(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      if (!request.isEnded()) {
        request.response().reset(NO_ERROR);
      }
      return;
    }
    if (request.connection() instanceof ConnectionBase base) {
      Channel channel = base.channelHandlerContext().channel();
      if (channel instanceof SocketChannel socket && socket.isActive()) {
        socket.shutdownOutput();
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
    }
    request.connection().close();
  }
}
