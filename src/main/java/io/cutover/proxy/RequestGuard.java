package io.cutover.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import java.util.List;

/**
 * Refuses, on the traffic port, the requests that break HTTP/1.1 where Netty's decoder lets them
 * through: an HTTP version other than 1.0 or 1.1 (Vert.x would answer 501, a server error, in the
 * client's own unknown version), a header with an empty name, an HTTP/1.1 request without exactly
 * one Host (RFC 9112 3.2), and a Transfer-Encoding other than exactly {@code chunked} (RFC 9112
 * 6.1: the proxy could not frame the body). A refused request is marked as not decoded, so Vert.x
 * hands it to {@link InvalidRequests}, which answers 400 as HTTP/1.1, and then closes the
 * connection.
 *
 * <p>Sits in the Netty pipeline between the HTTP decoder and Vert.x: Vert.x has no public hook that
 * sees a request before its version check.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
  private static final String NAME = "cutover-request-guard";

  /** Why a request was refused: the text of the 400. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Puts a guard on this connection's pipeline, in front of Vert.x's handler {@code before}. */
  static void install(ChannelPipeline pipeline, String before) {
    if (pipeline.get(NAME) == null) {
      pipeline.addBefore(before, NAME, new RequestGuard());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
      String refusal = refusal(request);
      if (refusal != null) {
        // Answered in a version the client can read, whatever it sent.
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        request.setDecoderResult(DecoderResult.failure(new Refused(refusal)));
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** Why this request cannot be proxied, or null when it can. */
  static String refusal(HttpRequest request) {
    HttpVersion version = request.protocolVersion();
    // Vert.x serves only these two instances; "http/1.1" parses to another one, and is no
    // HTTP-version either (the name is case-sensitive).
    boolean http11 = version == HttpVersion.HTTP_1_1;
    if (!http11 && version != HttpVersion.HTTP_1_0) {
      return "HTTP version "
          + printable(version.text())
          + " is not supported: send HTTP/1.1 or HTTP/1.0";
    }
    HttpHeaders headers = request.headers();
    if (headers.contains("")) {
      return "a header line has an empty name: each header is `Name: value`";
    }
    if (http11 && !exactlyOne(headers.valueStringIterator(HttpHeaderNames.HOST))) {
      // Counted only to explain: the common request pays no list.
      return "an HTTP/1.1 request needs exactly one Host header, this one has "
          + headers.getAll(HttpHeaderNames.HOST).size();
    }
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
        return "Transfer-Encoding "
            + printable(String.join(", ", codings))
            + " is not supported: send the body chunked, or with a Content-Length";
      }
    }
    return null;
  }

  private static boolean exactlyOne(Iterator<String> values) {
    if (!values.hasNext()) {
      return false;
    }
    values.next();
    return !values.hasNext();
  }

  /** At most 120 characters, control characters escaped: the text goes back to the client. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 120; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }
}
