package io.cutover.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;

/**
 * Ends one client connection gracefully while the gateway stops: an idle keep-alive connection is
 * closed at once; one with a request in progress finishes it, its response says {@code Connection:
 * close}, and the connection closes once that response is written. A client never has a request cut
 * off, and knows not to send another on this connection.
 *
 * <p>Put on a connection's pipeline only when the drain begins: until then it costs nothing.
 */
final class ConnectionDrain extends ChannelDuplexHandler {
  static final String NAME = "cutover-connection-drain";
  static final long IDLE_GRACE_MS = 500;

  private boolean announced;

  private ConnectionDrain() {}

  /** Drains the connection of this pipeline; call on its event loop. */
  static void install(ChannelPipeline pipeline, String before) {
    if (pipeline.get(NAME) != null || !pipeline.channel().isActive()) {
      return;
    }
    // A tunnelled connection (WebSocket) has no requests left to wait for: it runs until the
    // drain's deadline closes it.
    if (pipeline.get(before) == null) {
      return;
    }
    pipeline.addBefore(before, NAME, new ConnectionDrain());
    ClientTimeouts timeouts = (ClientTimeouts) pipeline.get(ClientTimeouts.NAME);
    if (timeouts != null && timeouts.idle()) {
      pipeline
          .channel()
          .eventLoop()
          .schedule(() -> closeIfIdle(pipeline, timeouts), IDLE_GRACE_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static void closeIfIdle(ChannelPipeline pipeline, ClientTimeouts timeouts) {
    if (pipeline.channel().isActive() && timeouts.idle()) {
      pipeline.channel().close();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response && response.status().code() >= 200) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      announced = true;
    }
    if (!(announced && msg instanceof LastHttpContent)) {
      ctx.write(msg, promise);
      return;
    }
    // After the last byte of a response that said "close": the client expects the close. Vert.x
    // may write with a void promise, which takes no listener.
    ChannelPromise written = promise.unvoid();
    ctx.write(msg, written);
    written.addListener(ChannelFutureListener.CLOSE);
  }
}
