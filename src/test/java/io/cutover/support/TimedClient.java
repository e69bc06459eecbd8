package io.cutover.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * A never-retrying load of GETs on loopback that keeps every exchange: when it started and ended
 * ({@link System#nanoTime()}, the clock of this JVM's gateway too) and the body, which the test's
 * instances make their name. For tests that check where each request was routed, and when.
 */
public final class TimedClient {
  /** One request: start and end in nanos, the status (0: no response) and the body. */
  public record Exchange(long start, long end, int status, String body) {}

  private final HttpClient client;
  private final RequestOptions request;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

  public TimedClient(Vertx vertx, int port, String host, int concurrency) {
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(concurrency));
    this.request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/")
            .putHeader("Host", host);
    for (int i = 0; i < concurrency; i++) {
      next();
    }
  }

  private void next() {
    if (!running.get()) {
      return;
    }
    inFlight.incrementAndGet();
    long start = System.nanoTime();
    client
        .request(request)
        .compose(
            req ->
                req.send()
                    .compose(
                        res -> res.body().map(b -> record(start, res.statusCode(), b.toString()))))
        .onComplete(
            done -> {
              if (done.failed()) {
                record(start, 0, done.cause().toString());
              }
              inFlight.decrementAndGet();
              next();
            });
  }

  private Void record(long start, int status, String body) {
    exchanges.add(new Exchange(start, System.nanoTime(), status, body));
    completed.incrementAndGet();
    if (status < 200 || status > 299) {
      failed.incrementAndGet();
    }
    return null;
  }

  public long completed() {
    return completed.get();
  }

  /** Non-2xx answers and connection errors. */
  public long failed() {
    return failed.get();
  }

  /** Stops sending and waits for the requests in flight. */
  public void stop() throws Exception {
    running.set(false);
    Awaitility.await("requests in flight end")
        .atMost(Duration.ofSeconds(30))
        .until(() -> inFlight.get() == 0);
    client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public List<Exchange> exchanges() {
    return new ArrayList<>(exchanges);
  }

  @Override
  public String toString() {
    List<Exchange> bad =
        exchanges().stream().filter(e -> e.status() < 200 || e.status() > 299).limit(5).toList();
    return "completed=" + completed + " failed=" + failed + " first failures=" + bad;
  }
}
