package io.cutover.proxy;

import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, except that a request with both {@code Transfer-Encoding} and {@code
 * Content-Length} is refused (RFC 9112 6.3 allows it; request smuggling lives in that ambiguity)
 * rather than silently framed as chunked. The 400 says why ({@link InvalidRequests}).
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  static final String NAME = "httpDecoder";

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new RequestGuard.Refused(
        "a request may carry Transfer-Encoding or Content-Length, not both");
  }
}
