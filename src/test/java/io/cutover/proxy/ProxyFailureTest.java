package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.routing.Pool;
import io.cutover.routing.ServiceRoute;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.ProxyHarness.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyFailureTest {
  private final ProxyHarness harness =
      new ProxyHarness(s -> s.withUpstreamTimeout(Duration.ofSeconds(2)));

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aRefusedConnectionIsRetriedOnAnotherInstanceWithoutClientErrors() throws Exception {
    LoopbackInstance live = harness.instance("v1");
    Backend dead = new Backend("dead", "v1", "127.0.0.1", closedPort());
    harness.route("web", "web.localhost", "/", dead, live.backend());

    LoadClient load = LoadClient.start(harness.vertx, harness.port(), "web.localhost", "/", 8);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.total() >= 2_000);
    load.stop();

    assertEquals(0, load.non2xx(), load.toString());
    assertEquals(0, load.connectionErrors(), load.toString());
    assertTrue(dead.requests() > 0, "the dead instance was tried: " + dead.requests());
    assertEquals(dead.requests(), dead.errors(), "every try of it failed");
  }

  @Test
  void whenEveryInstanceRefusesTheClientGets502() throws Exception {
    harness.route(
        "web",
        "web.localhost",
        "/",
        new Backend("a", "v1", "127.0.0.1", closedPort()),
        new Backend("b", "v1", "127.0.0.1", closedPort()));
    assertEquals(502, harness.get("web.localhost", "/").status());
  }

  @Test
  void anInstanceSilentPastTheUpstreamTimeoutGives504() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    assertEquals(504, harness.get("web.localhost", "/slow?ms=4000").status());
    assertEquals(200, harness.get("web.localhost", "/slow?ms=10").status());
  }

  @Test
  void aServiceWithoutInstancesAnswers503AfterTheHold() {
    harness.routes.put(
        ServiceRoute.of("web", List.of("web.localhost"), "/").withHold(Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertEquals(503, harness.get("web.localhost", "/").status());
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= 250, "held about 300 ms, waited " + waitedMs);
  }

  @Test
  void aHeldRequestIsServedOnceAnInstanceAppears() throws Exception {
    ServiceRoute empty =
        ServiceRoute.of("web", List.of("web.localhost"), "/").withHold(Duration.ofSeconds(20));
    harness.routes.put(empty);
    CompletableFuture<Reply> pending =
        CompletableFuture.supplyAsync(() -> harness.get("web.localhost", "/"));
    LoopbackInstance late = harness.instance("v2");
    // Other services changing must not release the held request to nowhere.
    harness.route("other", "other.localhost", "/", harness.instance("x").backend());
    Awaitility.await().during(Duration.ofMillis(200)).until(() -> !pending.isDone());

    harness.routes.put(
        empty.withPools(List.of(new Pool("v2", 100, Pool.Role.STABLE, List.of(late.backend())))));

    Reply reply = pending.get();
    assertEquals(200, reply.status());
    assertEquals("v2", reply.body());
  }

  @Test
  void anInstanceAnswering5xxIsCountedAsAnError() {
    LoopbackInstance web = harness.instance("v1");
    Backend backend = web.backend();
    harness.route("web", "web.localhost", "/", backend);
    assertEquals(500, harness.get("web.localhost", "/status?code=500").status());
    assertEquals(200, harness.get("web.localhost", "/").status());
    assertEquals(2, backend.requests());
    assertEquals(1, backend.errors());
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> backend.inFlight() == 0);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
