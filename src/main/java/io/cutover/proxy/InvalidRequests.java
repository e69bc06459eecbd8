package io.cutover.proxy;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers a request the traffic port could not take as HTTP/1.x, with a 4xx and a line saying what
 * is wrong (Vert.x's own answer has an empty body). The connection closes after the answer: what
 * follows a broken request cannot be trusted to start a new one.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {
  private final int maxLineLength;
  private final int maxHeaderSize;

  InvalidRequests(int maxLineLength, int maxHeaderSize) {
    this.maxLineLength = maxLineLength;
    this.maxHeaderSize = maxHeaderSize;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String text;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      text = "the request line is longer than " + maxLineLength + " bytes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      text = "the request headers are larger than " + maxHeaderSize + " bytes";
    } else if (cause instanceof ClientTimeouts.HeaderTimeout timeout) {
      status = 408;
      text = timeout.getMessage();
    } else if (cause instanceof RequestGuard.Refused refused) {
      status = 400;
      text = refused.getMessage();
    } else {
      status = 400;
      text = "the request is not valid HTTP/1.1" + reason(cause);
    }
    HttpServerResponse response = request.response();
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, Headers.TEXT_PLAIN)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(text + "\n");
    response.close();
  }

  /** Netty's reason (e.g. an invalid character in a header name), when it has one. */
  private static String reason(Throwable cause) {
    String message = cause == null ? null : cause.getMessage();
    return message == null || message.isBlank() ? "" : ": " + RequestGuard.printable(message);
  }
}
