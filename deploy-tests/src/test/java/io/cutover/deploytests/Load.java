package io.cutover.deploytests;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load on the gateway's traffic port: keep-alive clients and clients that open a new connection per
 * request, side by side. It never retries: every status and every connection error is counted, and
 * every latency recorded with its send time, so a window of the run can be judged on its own. The
 * run is bounded: it stops by itself after {@code maxDuration}.
 */
final class Load implements AutoCloseable {
  private static final int MAX_SAMPLES = 2_000_000;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient keepAlive;
  private final HttpClient newConnection;
  private final int port;
  private final long deadline;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CountDownLatch stopped;
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder connErrors = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  // Pairs (sent at, latency) in nanos; one writer slot per request via the counter.
  private final long[] sentAt = new long[MAX_SAMPLES];
  private final long[] latency = new long[MAX_SAMPLES];
  private final boolean[] failed = new boolean[MAX_SAMPLES];
  private final java.util.concurrent.atomic.AtomicInteger samples =
      new java.util.concurrent.atomic.AtomicInteger();
  private final long requestTimeoutMillis;

  private Load(int port, int keepAliveLoops, int newConnectionLoops, Duration maxDuration) {
    this.port = port;
    this.deadline = System.nanoTime() + maxDuration.toNanos();
    // hold (immediate) may keep a request waiting for a new version to start: allow for it.
    this.requestTimeoutMillis = 30_000;
    this.keepAlive =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
            new PoolOptions().setHttp1MaxSize(keepAliveLoops));
    this.newConnection =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(false).setConnectTimeout(5_000),
            new PoolOptions().setHttp1MaxSize(newConnectionLoops));
    this.stopped = new CountDownLatch(keepAliveLoops + newConnectionLoops);
  }

  /** 10 keep-alive and 6 new-connection loops (16 concurrent requests) for at most maxDuration. */
  static Load start(int port, Duration maxDuration) {
    Load load = new Load(port, 10, 6, maxDuration);
    for (int i = 0; i < 10; i++) {
      load.next(load.keepAlive);
    }
    for (int i = 0; i < 6; i++) {
      load.next(load.newConnection);
    }
    return load;
  }

  private void next(HttpClient client) {
    if (!running.get() || System.nanoTime() > deadline) {
      stopped.countDown();
      return;
    }
    long sent = System.nanoTime();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/")
            .putHeader("Host", Gateway.HOST)
            .setIdleTimeout(requestTimeoutMillis);
    client
        .request(options)
        .compose(req -> req.send().compose(resp -> resp.body().map(body -> resp.statusCode())))
        .onComplete(
            ar -> {
              long took = System.nanoTime() - sent;
              int slot = samples.getAndIncrement();
              if (slot < MAX_SAMPLES) {
                sentAt[slot] = sent;
                latency[slot] = took;
                failed[slot] = ar.failed() || ar.result() < 200 || ar.result() >= 300;
              } else {
                dropped.increment();
              }
              if (ar.failed()) {
                connErrors.increment();
              } else {
                statuses.computeIfAbsent(ar.result(), s -> new LongAdder()).increment();
              }
              next(client);
            });
  }

  /** Waits until {@code more} requests beyond those ended now have ended. */
  void awaitMore(int more) {
    int from = done();
    org.awaitility.Awaitility.await(more + " more requests")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> done() >= from + more);
  }

  /** GET / of the service under test through a gateway's traffic port. */
  static RequestOptions root(int port, long idleTimeoutMillis) {
    return new RequestOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setURI("/")
        .putHeader("Host", Gateway.HOST)
        .setIdleTimeout(idleTimeoutMillis);
  }

  /** One GET / through the traffic port, on its own connection: "status body". */
  static String once(int port) {
    Vertx vertx = Vertx.vertx();
    try {
      return vertx
          .createHttpClient()
          .request(root(port, 5_000))
          .compose(req -> req.send().compose(r -> r.body().map(b -> r.statusCode() + " " + b)))
          .toCompletionStage()
          .toCompletableFuture()
          .orTimeout(10, TimeUnit.SECONDS)
          .join();
    } finally {
      vertx.close();
    }
  }

  /** Nanos on the same clock as the recorded send times. */
  static long now() {
    return System.nanoTime();
  }

  /** The p99 latency of the requests sent in [from, to), in ms. */
  double p99Millis(long from, long to) {
    int n = Math.min(samples.get(), MAX_SAMPLES);
    long[] window = new long[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (sentAt[i] >= from && sentAt[i] < to && latency[i] > 0) {
        window[count++] = latency[i];
      }
    }
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(window, count);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(0.99 * count) - 1;
    return sorted[Math.max(0, index)] / 1_000_000.0;
  }

  /** Requests sent in [from, to). */
  long requestsSent(long from, long to) {
    int n = Math.min(samples.get(), MAX_SAMPLES);
    long count = 0;
    for (int i = 0; i < n; i++) {
      if (sentAt[i] >= from && sentAt[i] < to) {
        count++;
      }
    }
    return count;
  }

  /** Failed requests (non-2xx or connection error) sent in [from, to). */
  long failuresSent(long from, long to) {
    int n = Math.min(samples.get(), MAX_SAMPLES);
    long count = 0;
    for (int i = 0; i < n; i++) {
      if (failed[i] && sentAt[i] >= from && sentAt[i] < to) {
        count++;
      }
    }
    return count;
  }

  /** When the first failed request was sent, or empty when none failed. */
  java.util.OptionalLong firstFailureSentAt() {
    int n = Math.min(samples.get(), MAX_SAMPLES);
    long first = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      if (failed[i]) {
        first = Math.min(first, sentAt[i]);
      }
    }
    return first == Long.MAX_VALUE
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(first);
  }

  /** Stops the loops and waits until every request in flight has been counted. */
  Result stop() throws InterruptedException {
    running.set(false);
    if (!stopped.await(requestTimeoutMillis + 10_000, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("load loops did not stop");
    }
    return result();
  }

  Result result() {
    Map<Integer, Long> byStatus = new TreeMap<>();
    statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
    long non2xx =
        byStatus.entrySet().stream()
            .filter(e -> e.getKey() < 200 || e.getKey() >= 300)
            .mapToLong(Map.Entry::getValue)
            .sum();
    long answered = byStatus.values().stream().mapToLong(Long::longValue).sum();
    return new Result(answered + connErrors.sum(), non2xx, connErrors.sum(), byStatus);
  }

  /** Whether the run was cut by its own time bound (then its figures are incomplete). */
  /** Requests answered or failed so far. */
  int done() {
    return samples.get();
  }

  boolean hitDeadline() {
    return System.nanoTime() > deadline;
  }

  record Result(long requests, long non2xx, long connErrors, Map<Integer, Long> statuses) {}

  @Override
  public void close() {
    running.set(false);
    try {
      stopped.await(requestTimeoutMillis + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
