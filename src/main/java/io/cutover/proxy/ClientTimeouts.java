package io.cutover.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * The request-header timeout and the idle timeout of one client connection. A client has {@code
 * headerTimeout} to send a request's line and headers, counted from the connection's start or from
 * the first byte after the previous request: a slower one (slowloris, trickling header bytes) gets
 * 408 and the connection closes; one that sent nothing is closed silently. A connection with no
 * request on it for {@code idleTimeout} is closed.
 *
 * <p>One timer per connection, re-armed from its own run at most every {@code headerTimeout}, not
 * per request: the hot path only sets fields. A request in progress is the instance's time and
 * bounded by the upstream timeout, not by these.
 */
final class ClientTimeouts extends ChannelDuplexHandler implements Runnable {
  static final String NAME = "cutover-client-timeouts";
  private static final String RAW_NAME = "cutover-client-reads";
  private static final String DECODER = "httpDecoder";

  /** The decoder result of the 408 handed to Vert.x, so {@link InvalidRequests} answers it. */
  static final class HeaderTimeout extends RuntimeException {
    HeaderTimeout(long millis) {
      super("the request headers did not arrive within " + millis + " ms", null, false, false);
    }
  }

  private final long headerNanos;
  private final long idleNanos;
  private ChannelHandlerContext ctx;
  // 0 when no head is being read; the first head counts from the connection's start.
  private long headStart;
  private boolean headBytes;
  private boolean inBody;
  private long started;
  private long ended;
  private long idleSince;
  private boolean stopped;
  private boolean expired;
  private final HeadSyntax syntax = new HeadSyntax();

  private ClientTimeouts(long headerNanos, long idleNanos) {
    this.headerNanos = headerNanos;
    this.idleNanos = idleNanos;
  }

  /** Puts the timeouts on a connection's pipeline: a reads watcher before the HTTP decoder. */
  static void install(ChannelPipeline pipeline, long headerMillis, long idleMillis, String before) {
    if (pipeline.get(DECODER) == null || pipeline.get(NAME) != null) {
      return;
    }
    ClientTimeouts timeouts =
        new ClientTimeouts(
            TimeUnit.MILLISECONDS.toNanos(headerMillis), TimeUnit.MILLISECONDS.toNanos(idleMillis));
    pipeline.addBefore(DECODER, RAW_NAME, timeouts.new Reads());
    pipeline.addBefore(before, NAME, timeouts);
  }

  /** Takes the timeouts off, for a connection that became a tunnel (WebSocket). */
  static void uninstall(ChannelPipeline pipeline) {
    if (pipeline.get(NAME) != null) {
      pipeline.remove(NAME);
    }
    if (pipeline.get(RAW_NAME) != null) {
      pipeline.remove(RAW_NAME);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    ctx = context;
    headStart = System.nanoTime();
    schedule(headerNanos);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    stopped = true;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (msg instanceof HttpRequest) {
      headStart = 0;
      headBytes = false;
      started++;
      inBody = true;
    }
    if (msg instanceof LastHttpContent) {
      inBody = false;
      syntax.reset();
    }
    context.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
    // A response's end; a 100 Continue is not one.
    if (msg instanceof LastHttpContent
        && !(msg instanceof HttpResponse response && response.status().code() < 200)) {
      if (++ended == started) {
        idleSince = System.nanoTime();
      }
    }
    context.write(msg, promise);
  }

  /** True between requests: nothing of a request is read and every response is written. */
  boolean idle() {
    return !headBytes && !inBody && started == ended;
  }

  @Override
  public void run() {
    if (stopped || !ctx.channel().isActive()) {
      return;
    }
    long now = System.nanoTime();
    if (headStart != 0) {
      long left = headerNanos - (now - headStart);
      if (left <= 0) {
        expireHead();
        return;
      }
      schedule(left);
      return;
    }
    if (!inBody && started == ended) {
      long left = idleNanos - (now - idleSince);
      if (left <= 0) {
        stopped = true;
        ctx.close();
        return;
      }
      // A head may start any time: look again within the header timeout.
      schedule(Math.min(left, headerNanos));
      return;
    }
    schedule(headerNanos);
  }

  private void expireHead() {
    stopped = true;
    expired = true;
    if (!headBytes) {
      ctx.close();
      return;
    }
    refuse(new HeaderTimeout(TimeUnit.NANOSECONDS.toMillis(headerNanos)));
  }

  /**
   * Hands Vert.x a request that failed to decode with this cause: it answers it like any request it
   * could not decode ({@link InvalidRequests}, then the connection closes), in order after those
   * before it. Nothing the client sends after it is read.
   */
  private void refuse(RuntimeException cause) {
    stopped = true;
    expired = true;
    HttpRequest refused = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    refused.setDecoderResult(DecoderResult.failure(cause));
    ctx.fireChannelRead(refused);
    ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  private void schedule(long nanos) {
    ctx.executor().schedule(this, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Sees the raw bytes before the decoder: the first of a head starts its clock, and the head's
   * syntax is checked ({@link HeadSyntax}) until its blank line.
   */
  private final class Reads extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
      if (expired) {
        // The head timed out or was refused: nothing after it may start a request.
        ReferenceCountUtil.release(msg);
        return;
      }
      if (!inBody) {
        if (headStart == 0) {
          headStart = System.nanoTime();
        }
        headBytes = true;
        if (!syntax.ended() && msg instanceof ByteBuf bytes) {
          bytes.forEachByte(syntax);
          if (syntax.violation() != null) {
            ReferenceCountUtil.release(msg);
            refuse(new RequestGuard.Refused(syntax.violation()));
            return;
          }
        }
      }
      context.fireChannelRead(msg);
    }
  }
}
