package io.cutover.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happens once per client connection on the traffic port, shared by every loop: the connection
 * cap, the guards on its pipeline, and whether its peer is a trusted proxy (decided here so a
 * request only reads a flag).
 */
final class ClientConnections {
  private static final AttributeKey<Boolean> TRUSTED = AttributeKey.valueOf("cutover.trusted");
  private static final String VERTX_HANDLER = "handler";
  private static final String TOO_MANY_TEXT =
      "the gateway has too many client connections open: retry later\n";
  private static final byte[] TOO_MANY =
      ("HTTP/1.1 503 Service Unavailable\r\n"
              + "Content-Type: text/plain; charset=utf-8\r\n"
              + "Connection: close\r\n"
              + "Content-Length: "
              + TOO_MANY_TEXT.length()
              + "\r\n\r\n"
              + TOO_MANY_TEXT)
          .getBytes(StandardCharsets.US_ASCII);

  private final ProxySettings settings;
  private final AtomicInteger open = new AtomicInteger();
  private final ChannelFutureListener onClose = future -> open.decrementAndGet();
  // Every open connection, for the drain at stop; a closed one leaves the group by itself.
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  // The listening sockets (plain and TLS), known from their connections' parents: the drain closes
  // them alone.
  private final Set<Channel> listeners = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;

  ClientConnections(ProxySettings settings) {
    this.settings = settings;
  }

  /** A connection handler of the traffic port's server. */
  void accept(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    Channel channel = base.channelHandlerContext().channel();
    if (open.incrementAndGet() > settings.maxConnections()) {
      open.decrementAndGet();
      // Written below the HTTP encoder, which takes no raw bytes: there is no request to answer
      // yet.
      channel
          .pipeline()
          .firstContext()
          .writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    channel.closeFuture().addListener(onClose);
    channels.add(channel);
    Channel parent = channel.parent();
    if (parent != null && !listeners.contains(parent)) {
      listeners.add(parent);
    }
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(VERTX_HANDLER) == null) {
      return;
    }
    RequestGuard.install(pipeline, VERTX_HANDLER);
    ClientTimeouts.install(
        pipeline,
        settings.requestHeaderTimeout().toMillis(),
        settings.idleTimeout().toMillis(),
        VERTX_HANDLER);
    if (draining) { // accepted just before the listener closed
      ConnectionDrain.install(pipeline, VERTX_HANDLER);
    }
    if (!settings.trustedProxies().isEmpty()
        && channel.remoteAddress() instanceof InetSocketAddress peer
        && settings.trustedProxies().contains(peer.getAddress())) {
      channel.attr(TRUSTED).set(Boolean.TRUE);
    }
  }

  /**
   * Stops accepting (closes the listening socket; the connections stay open) and has every open
   * connection end after its request in progress ({@link ConnectionDrain}).
   */
  void drain() {
    draining = true;
    for (Channel listening : listeners) {
      listening.close().syncUninterruptibly();
    }
    for (Channel channel : channels) {
      channel.eventLoop().execute(() -> ConnectionDrain.install(channel.pipeline(), VERTX_HANDLER));
    }
  }

  /** Client connections open now. */
  int open() {
    return open.get();
  }

  /** True when the request came from a peer in {@code cutover.proxy.trusted-proxies}. */
  static boolean trusted(HttpServerRequest request) {
    return request.connection() instanceof ConnectionBase base
        && base.channelHandlerContext().channel().attr(TRUSTED).get() == Boolean.TRUE;
  }

  /**
   * True once the client's socket is closed: a failed write to it says so before Vert.x marks the
   * response closed.
   */
  static boolean gone(HttpServerRequest request) {
    return request.connection() instanceof ConnectionBase base
        && !base.channelHandlerContext().channel().isActive();
  }

  /** Takes the per-request guards off a connection that became a tunnel. */
  static void tunnelled(HttpServerRequest request) {
    if (request.connection() instanceof ConnectionBase base) {
      ClientTimeouts.uninstall(base.channelHandlerContext().pipeline());
    }
  }
}
