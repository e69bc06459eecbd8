package io.cutover.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Concurrent clients that send requests until stopped and count every outcome. They never retry: a
 * failed request is counted, not hidden.
 */
public final class LoadClient implements AutoCloseable {
  private final HttpClient client;
  private final int port;
  private final String host;
  private final String uri;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final LongAdder ok = new LongAdder();
  private final LongAdder non2xx = new LongAdder();
  private final LongAdder connectionErrors = new LongAdder();
  private final Map<String, LongAdder> bodies = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final LongAccumulator slowestNanos = new LongAccumulator(Math::max, 0);
  private final CountDownLatch stopped;
  private final AtomicInteger active;
  private final long timeoutMillis;
  // Over TLS the name goes by SNI and :authority, the connection to 127.0.0.1.
  private final boolean tls;

  private LoadClient(
      Vertx vertx,
      int port,
      String host,
      String uri,
      int concurrency,
      Duration timeout,
      HttpVersion tlsVersion) {
    this.port = port;
    this.timeoutMillis = timeout.toMillis();
    this.host = host;
    this.uri = uri;
    this.tls = tlsVersion != null;
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true);
    if (tls) {
      // Test certificates are self-signed: the TLS tests check which one is served elsewhere.
      options
          .setSsl(true)
          .setTrustAll(true)
          .setVerifyHost(false)
          .setForceSni(true)
          .setUseAlpn(true)
          .setProtocolVersion(tlsVersion)
          .setHttp2MultiplexingLimit(concurrency);
    }
    this.client =
        vertx.createHttpClient(
            options, new PoolOptions().setHttp1MaxSize(concurrency).setHttp2MaxSize(1));
    this.stopped = new CountDownLatch(concurrency);
    this.active = new AtomicInteger(concurrency);
  }

  /** Starts {@code concurrency} request loops against the proxy. */
  public static LoadClient start(Vertx vertx, int port, String host, String uri, int concurrency) {
    return start(vertx, port, host, uri, concurrency, Duration.ofSeconds(10));
  }

  /** As above; a request silent for {@code timeout} counts as a connection error. */
  public static LoadClient start(
      Vertx vertx, int port, String host, String uri, int concurrency, Duration timeout) {
    return started(new LoadClient(vertx, port, host, uri, concurrency, timeout, null), concurrency);
  }

  /**
   * Request loops over TLS to {@code host} (SNI and authority) on 127.0.0.1:{@code port}, in
   * HTTP/1.1 (one connection per loop) or HTTP/2 (every loop's streams on one connection).
   */
  public static LoadClient startTls(
      Vertx vertx, int port, String host, String uri, int concurrency, HttpVersion version) {
    return started(
        new LoadClient(vertx, port, host, uri, concurrency, Duration.ofSeconds(10), version),
        concurrency);
  }

  private static LoadClient started(LoadClient load, int concurrency) {
    for (int i = 0; i < concurrency; i++) {
      load.next();
    }
    return load;
  }

  /**
   * One request that failed, when its answer (or error) arrived.
   *
   * @param status the HTTP status, or 0 for a connection error
   */
  public record Failure(Instant at, int status) {}

  private void next() {
    if (!running.get()) {
      active.decrementAndGet();
      stopped.countDown();
      return;
    }
    long sent = System.nanoTime();
    RequestOptions options =
        new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setIdleTimeout(timeoutMillis);
    if (tls) {
      options
          .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1"))
          .setHost(host)
          .setPort(port);
    } else {
      options.setHost("127.0.0.1").setPort(port).putHeader("Host", host);
    }
    client
        .request(options)
        .compose(
            req ->
                req.send()
                    .compose(
                        resp ->
                            resp.body()
                                .map(body -> new Object[] {resp.statusCode(), body.toString()})))
        .onComplete(
            ar -> {
              slowestNanos.accumulate(System.nanoTime() - sent);
              if (ar.failed()) {
                connectionErrors.increment();
                failures.add(new Failure(Instant.now(), 0));
              } else {
                int status = (Integer) ar.result()[0];
                statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                if (status >= 200 && status < 300) {
                  ok.increment();
                  bodies.computeIfAbsent((String) ar.result()[1], b -> new LongAdder()).increment();
                } else {
                  non2xx.increment();
                  failures.add(new Failure(Instant.now(), status));
                }
              }
              next();
            });
  }

  /** Stops the loops and waits until every request in flight has been counted. */
  public LoadClient stop() throws InterruptedException {
    running.set(false);
    if (!stopped.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(active.get() + " load loops did not stop");
    }
    return this;
  }

  public long ok() {
    return ok.sum();
  }

  public long non2xx() {
    return non2xx.sum();
  }

  public long connectionErrors() {
    return connectionErrors.sum();
  }

  public long total() {
    return ok() + non2xx() + connectionErrors();
  }

  /** Requests answered with this status. */
  public long status(int status) {
    LongAdder count = statuses.get(status);
    return count == null ? 0 : count.sum();
  }

  /** Every non-2xx answer and connection error, in the order they arrived. */
  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** The longest any request took, answer or error. */
  public Duration slowest() {
    return Duration.ofNanos(slowestNanos.get());
  }

  /** How often each 2xx body was seen (instances answer their version). */
  public Map<String, LongAdder> bodies() {
    return bodies;
  }

  @Override
  public String toString() {
    return "requests="
        + total()
        + " ok="
        + ok()
        + " non2xx="
        + non2xx()
        + " connErrors="
        + connectionErrors()
        + " statuses="
        + statuses
        + " slowest="
        + slowest().toMillis()
        + "ms";
  }

  @Override
  public void close() {
    running.set(false);
    client.close();
  }
}
