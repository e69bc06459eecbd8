package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.routing.Backend;
import io.cutover.support.ProxyHarness;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyWebSocketTest {
  private final ProxyHarness harness = new ProxyHarness();
  private final WebSocketClient client = harness.vertx.createWebSocketClient();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aWebSocketEchoesThroughTheProxyAndCountsAsInFlightUntilClosed() {
    Backend backend = harness.instance("v1").backend();
    harness.route("web", "web.localhost", "/", backend);

    WebSocket ws = ProxyHarness.await(client.connect(options()));
    for (int i = 0; i < 3; i++) {
      CompletableFuture<String> echoed = new CompletableFuture<>();
      ws.binaryMessageHandler(frame -> echoed.complete(frame.toString()));
      ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer("hello " + i));
      assertEquals("hello " + i, echoed.join());
    }
    assertEquals(1, backend.inFlight(), "an open WebSocket holds the instance");

    ProxyHarness.await(ws.close());
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> backend.inFlight() == 0);
  }

  @Test
  void aDrainCanCutOpenWebSockets() {
    Backend backend = harness.instance("v1").backend();
    harness.route("web", "web.localhost", "/", backend);
    WebSocket ws = ProxyHarness.await(client.connect(options()));
    CompletableFuture<Void> closed = new CompletableFuture<>();
    ws.closeHandler(v -> closed.complete(null));

    assertEquals(1, backend.cutTunnels());

    closed.join();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> backend.inFlight() == 0);
  }

  private WebSocketConnectOptions options() {
    return new WebSocketConnectOptions()
        .setHost("127.0.0.1")
        .setPort(harness.port())
        .setURI("/ws")
        .addHeader("Host", "web.localhost");
  }
}
