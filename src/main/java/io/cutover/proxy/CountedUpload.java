package io.cutover.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;

/**
 * Streams a request body of no announced length (chunked, or HTTP/2 without Content-Length) to the
 * instance while counting it, with back-pressure both ways and nothing buffered. Past the service's
 * {@code max-body} it stops forwarding and tells the exchange, which cuts the instance's request.
 * Only used when a limit is set: unlimited bodies keep Vert.x's plain pipe.
 */
final class CountedUpload implements Handler<Buffer> {
  private final HttpServerRequest request;
  private final HttpClientRequest upstream;
  private final long limit;
  private final Runnable overLimit;
  private long seen;
  private boolean stopped;

  private CountedUpload(
      HttpServerRequest request, HttpClientRequest upstream, long limit, Runnable overLimit) {
    this.request = request;
    this.upstream = upstream;
    this.limit = limit;
    this.overLimit = overLimit;
  }

  /** Starts streaming; the request is paused until now (nothing read before a connection). */
  static void start(
      HttpServerRequest request, HttpClientRequest upstream, long limit, Runnable overLimit) {
    CountedUpload upload = new CountedUpload(request, upstream, limit, overLimit);
    upstream.drainHandler(v -> upload.resume());
    request.exceptionHandler(upload::failed);
    request.endHandler(v -> upload.ended());
    request.handler(upload);
    request.resume();
  }

  @Override
  public void handle(Buffer chunk) {
    if (stopped) {
      return;
    }
    seen += chunk.length();
    if (seen > limit) {
      stopped = true;
      overLimit.run();
      return;
    }
    upstream.write(chunk);
    if (upstream.writeQueueFull()) {
      request.pause();
    }
  }

  private void resume() {
    if (!stopped) {
      request.resume();
    }
  }

  private void ended() {
    if (!stopped) {
      stopped = true;
      upstream.end();
    }
  }

  /** The client broke off mid-body: the instance must not take what came as a whole body. */
  private void failed(Throwable cause) {
    if (!stopped) {
      stopped = true;
      upstream.reset();
    }
  }
}
