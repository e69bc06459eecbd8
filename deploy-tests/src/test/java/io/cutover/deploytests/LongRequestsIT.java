package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long requests (5 s) and WebSockets open on the old version across a blue-green switch, under
 * load: every long request completes on the old instance, and every WebSocket keeps echoing until
 * {@code drain.timeout} after the switch, never cut sooner.
 */
class LongRequestsIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10); // Gateway's service file
  private static final int SLOW_MS = 5_000;
  private static final int SLOW_REQUESTS = 8;
  private static final int WEB_SOCKETS = 4;

  /**
   * {@code switchedAt} is stamped when the release is recorded as switched, a moment after the
   * route table swap that starts the drain clock; the two clocks are the same machine's.
   */
  private static final Duration CLOCK_SLACK = Duration.ofMillis(500);

  private Gateway gateway;
  private final Vertx vertx = Vertx.vertx();

  @BeforeEach
  void create() {
    Gateway.assumeDatabase();
    gateway = Gateway.create("");
  }

  @AfterEach
  void stop() {
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void longRequestsAndWebSocketsOpenAcrossASwitchCompleteAndAreNeverCutBeforeTheDrainTimeout()
      throws Exception {
    gateway.start();
    gateway.awaitLive(gateway.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);

    Load.Result result;
    List<SlowRequest> slow = new ArrayList<>();
    List<Echo> sockets = new ArrayList<>();
    JsonNode v2;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(90))) {
      await("warm-up").atMost(Duration.ofSeconds(20)).until(() -> load.result().requests() > 2000);
      for (int i = 0; i < WEB_SOCKETS; i++) {
        sockets.add(Echo.open(vertx, gateway.proxyPort));
      }
      for (int i = 0; i < SLOW_REQUESTS; i++) {
        slow.add(SlowRequest.send(vertx, gateway.proxyPort));
      }
      // Load's own requests are in flight too, so this only proves the long ones arrived.
      await("long requests and WebSockets open on v1")
          .atMost(Duration.ofSeconds(4))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> inFlightOn("v1") >= SLOW_REQUESTS + WEB_SOCKETS);

      v2 = gateway.awaitLive(gateway.deploy("v2", "bluegreen"), RELEASE_TIMEOUT);
      await("long requests answered")
          .atMost(Duration.ofSeconds(SLOW_MS / 1000 + 10))
          .until(() -> slow.stream().allMatch(r -> r.answer.isDone()));
      await("WebSockets cut by the drain")
          .atMost(DRAIN_TIMEOUT.plusSeconds(10))
          .until(() -> sockets.stream().allMatch(s -> s.closedAt.isDone()));
      result = load.stop();
    }

    Instant switchedAt = Instant.parse(v2.path("switchedAt").asText());
    long cutAfterSwitchMinMs = Long.MAX_VALUE;
    long lastEchoAfterSwitchMinMs = Long.MAX_VALUE;
    long echoes = 0;
    for (Echo socket : sockets) {
      cutAfterSwitchMinMs =
          Math.min(cutAfterSwitchMinMs, socket.closedAt.join() - switchedAt.toEpochMilli());
      lastEchoAfterSwitchMinMs =
          Math.min(lastEchoAfterSwitchMinMs, socket.lastEchoAt.get() - switchedAt.toEpochMilli());
      echoes += socket.echoes.get();
    }
    long slowOk = slow.stream().filter(r -> r.answer.join().equals("200 v1")).count();
    long slowMaxMs = slow.stream().mapToLong(r -> r.tookMillis.join()).max().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "scenario=long-requests-websockets requests=%d non2xx=%d connErrors=%d p99Steady=n/a"
            + " p99Deploy=n/a slowRequests=%d slowOk=%d slowMaxMs=%d webSockets=%d wsEchoes=%d"
            + " wsCutAfterSwitchMinMs=%d wsLastEchoAfterSwitchMinMs=%d drainTimeoutMs=%d"
            + " statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        SLOW_REQUESTS,
        slowOk,
        slowMaxMs,
        WEB_SOCKETS,
        echoes,
        cutAfterSwitchMinMs,
        lastEchoAfterSwitchMinMs,
        DRAIN_TIMEOUT.toMillis(),
        result.statuses());

    Gateway.assertNoFailures("traffic across the switch", result);
    assertEquals(
        SLOW_REQUESTS,
        slowOk,
        () -> "long requests: " + slow.stream().map(r -> r.answer.join()).toList());
    assertTrue(slowMaxMs >= SLOW_MS, "a long request came back sooner than it sleeps");
    long drainMs = DRAIN_TIMEOUT.toMillis() - CLOCK_SLACK.toMillis();
    assertTrue(
        cutAfterSwitchMinMs >= drainMs,
        "a WebSocket was cut " + cutAfterSwitchMinMs + " ms after the switch, before the drain");
    assertTrue(
        lastEchoAfterSwitchMinMs >= drainMs - Echo.EVERY.toMillis(),
        "a WebSocket stopped echoing " + lastEchoAfterSwitchMinMs + " ms after the switch");
    for (Echo socket : sockets) {
      // Every frame but one possibly on its way at the cut came back.
      assertTrue(socket.echoes.get() >= socket.sent.get() - 1, socket::toString);
    }
  }

  /** Requests and WebSockets open on the instances of this version, from the service view. */
  private int inFlightOn(String version) throws IOException, InterruptedException {
    return gateway.instances().stream()
        .filter(instance -> version.equals(instance.path("version").asText()))
        .mapToInt(instance -> instance.path("inFlight").asInt())
        .sum();
  }

  /** One {@code GET /slow?ms=5000} on its own connection. */
  private static final class SlowRequest {
    final CompletableFuture<String> answer = new CompletableFuture<>();
    final CompletableFuture<Long> tookMillis = new CompletableFuture<>();

    static SlowRequest send(Vertx vertx, int port) {
      SlowRequest request = new SlowRequest();
      long sent = System.nanoTime();
      vertx
          .createHttpClient(new HttpClientOptions().setKeepAlive(false))
          .request(
              new RequestOptions()
                  .setHost("127.0.0.1")
                  .setPort(port)
                  .setURI("/slow?ms=" + SLOW_MS)
                  .putHeader("Host", Gateway.HOST)
                  .setIdleTimeout(60_000))
          .compose(req -> req.send().compose(r -> r.body().map(b -> r.statusCode() + " " + b)))
          .onComplete(
              ar -> {
                request.tookMillis.complete((System.nanoTime() - sent) / 1_000_000);
                request.answer.complete(ar.succeeded() ? ar.result() : "failed: " + ar.cause());
              });
      return request;
    }
  }

  /** A WebSocket through the gateway that sends a frame every {@link #EVERY} and counts echoes. */
  private static final class Echo {
    static final Duration EVERY = Duration.ofMillis(200);

    final AtomicLong sent = new AtomicLong();
    final AtomicLong echoes = new AtomicLong();
    final AtomicLong lastEchoAt = new AtomicLong();
    final CompletableFuture<Long> closedAt = new CompletableFuture<>();

    static Echo open(Vertx vertx, int port) {
      Echo echo = new Echo();
      WebSocket ws =
          vertx
              .createWebSocketClient()
              .connect(
                  new WebSocketConnectOptions()
                      .setHost("127.0.0.1")
                      .setPort(port)
                      .setURI("/ws")
                      .addHeader("Host", Gateway.HOST))
              .toCompletionStage()
              .toCompletableFuture()
              .orTimeout(10, TimeUnit.SECONDS)
              .join();
      ws.textMessageHandler(
          text -> {
            echo.echoes.incrementAndGet();
            echo.lastEchoAt.set(System.currentTimeMillis());
          });
      long timer =
          vertx.setPeriodic(
              EVERY.toMillis(),
              id -> {
                if (!ws.isClosed()) {
                  ws.writeTextMessage("frame " + echo.sent.incrementAndGet());
                }
              });
      ws.closeHandler(
          v -> {
            vertx.cancelTimer(timer);
            echo.closedAt.complete(System.currentTimeMillis());
          });
      return echo;
    }

    @Override
    public String toString() {
      return "WebSocket sent=" + sent + " echoes=" + echoes;
    }
  }
}
