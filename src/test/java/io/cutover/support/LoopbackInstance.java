package io.cutover.support;

import io.cutover.instance.Instance;
import io.cutover.instance.LogTail;
import io.cutover.routing.Backend;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP instance on a loopback port, for tests: it answers its version on {@code /}, echoes
 * request headers on {@code /headers}, waits on {@code /slow?ms=N}, streams N bytes on {@code
 * /bytes?n=N}, counts an uploaded body on {@code /upload} and echoes WebSocket frames on {@code
 * /ws}. Its {@code /health} answers a status and after a delay the test sets, and records every
 * answer in order.
 */
public final class LoopbackInstance implements AutoCloseable {
  private final Vertx vertx;
  private final String version;
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong uploadBytesSeen = new AtomicLong();
  private final AtomicReference<HttpServerRequest> lastRequest = new AtomicReference<>();
  private final AtomicInteger healthStatus = new AtomicInteger(200);
  private final AtomicLong healthDelayMs = new AtomicLong();
  private final AtomicInteger healthChecks = new AtomicInteger();
  private final AtomicInteger healthInFlight = new AtomicInteger();
  private final AtomicInteger maxHealthInFlight = new AtomicInteger();
  private final List<Integer> healthAnswers = new ArrayList<>();

  private LoopbackInstance(Vertx vertx, String version) {
    this.vertx = vertx;
    this.version = version;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  public static LoopbackInstance start(Vertx vertx, String version) {
    LoopbackInstance instance = new LoopbackInstance(vertx, version);
    await(instance.server.listen(0, "127.0.0.1"));
    return instance;
  }

  public int port() {
    return server.actualPort();
  }

  public String version() {
    return version;
  }

  /** The proxy's view of this instance. */
  public Backend backend() {
    return new Backend(version + "-" + port(), version, "127.0.0.1", port());
  }

  public int requests() {
    return requests.get();
  }

  /** Bytes of the current upload received so far: lets a test see streaming as it happens. */
  public long uploadBytesSeen() {
    return uploadBytesSeen.get();
  }

  public HttpServerRequest lastRequest() {
    return lastRequest.get();
  }

  /** The control plane's view of this instance, as a driver would hand it over. */
  public Instance instance(String service) {
    return new Instance(
        service + "-" + version + "-" + port(),
        service,
        version,
        0,
        "127.0.0.1",
        port(),
        new LogTail(10));
  }

  /** The status {@code /health} answers from now on. */
  public void health(int status) {
    healthStatus.set(status);
  }

  /** How long {@code /health} waits before it answers, from now on. */
  public void healthDelay(Duration delay) {
    healthDelayMs.set(delay.toMillis());
  }

  /** Health checks received so far, answered or not. */
  public int healthChecks() {
    return healthChecks.get();
  }

  /** Statuses {@code /health} answered, oldest first. */
  public synchronized List<Integer> healthAnswers() {
    return List.copyOf(healthAnswers);
  }

  /** The most health checks this instance ever had open at once. */
  public int maxConcurrentHealthChecks() {
    return maxHealthInFlight.get();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/health")) {
      answerHealth(request);
      return;
    }
    // Health checks are not traffic: only proxied requests are counted.
    requests.incrementAndGet();
    lastRequest.set(request);
    if (path.equals("/ws")) {
      request.toWebSocket().onSuccess(ws -> ws.handler(frame -> ws.writeBinaryMessage(frame)));
      return;
    }
    if (path.startsWith("/slow")) {
      long ms = Long.parseLong(request.getParam("ms", "1000"));
      vertx.setTimer(ms, id -> request.response().end(version));
      return;
    }
    if (path.startsWith("/bytes")) {
      streamBytes(request, Long.parseLong(request.getParam("n", "0")));
      return;
    }
    if (path.startsWith("/upload")) {
      uploadBytesSeen.set(0);
      request.handler(chunk -> uploadBytesSeen.addAndGet(chunk.length()));
      request.endHandler(v -> request.response().end(Long.toString(uploadBytesSeen.get())));
      return;
    }
    if (path.startsWith("/headers")) {
      StringBuilder out = new StringBuilder();
      request
          .headers()
          .forEach(
              h ->
                  out.append(h.getKey().toLowerCase())
                      .append(": ")
                      .append(h.getValue())
                      .append('\n'));
      request.response().end(out.toString());
      return;
    }
    if (path.startsWith("/status")) {
      request
          .response()
          .setStatusCode(Integer.parseInt(request.getParam("code", "200")))
          .end(version);
      return;
    }
    request.response().putHeader("Connection-Test", "kept").end(version);
  }

  private void answerHealth(HttpServerRequest request) {
    healthChecks.incrementAndGet();
    maxHealthInFlight.accumulateAndGet(healthInFlight.incrementAndGet(), Math::max);
    long delay = healthDelayMs.get();
    if (delay > 0) {
      vertx.setTimer(delay, id -> endHealth(request));
    } else {
      endHealth(request);
    }
  }

  private void endHealth(HttpServerRequest request) {
    healthInFlight.decrementAndGet();
    int status;
    // The status is chosen and recorded in one step, so a test reads exactly what a check saw.
    synchronized (this) {
      status = healthStatus.get();
      healthAnswers.add(status);
    }
    request.response().setStatusCode(status).end(version);
  }

  /** Writes n bytes in 64 KiB chunks, respecting the client's back-pressure. */
  private void streamBytes(HttpServerRequest request, long n) {
    var response = request.response().setChunked(true);
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    long[] left = {n};
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (left[0] > 0 && !response.writeQueueFull()) {
            int size = (int) Math.min(chunk.length(), left[0]);
            response.write(size == chunk.length() ? chunk : chunk.slice(0, size));
            left[0] -= size;
          }
          if (left[0] == 0) {
            response.end();
          } else {
            response.drainHandler(v -> pump[0].run());
          }
        };
    pump[0].run();
  }

  @Override
  public void close() {
    await(server.close());
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
