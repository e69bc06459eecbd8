package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Pool;
import io.cutover.routing.ServiceRoute;
import io.cutover.routing.Stickiness;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.ProxyHarness.Reply;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyRoutingTest {
  private final ProxyHarness harness = new ProxyHarness(s -> s.withVersionHeader(true));

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void requestsGoToTheServiceOfTheirHostAndLongestPrefix() {
    LoopbackInstance web = harness.instance("web-v1");
    LoopbackInstance api = harness.instance("api-v1");
    harness.route("web", "web.localhost", "/", web.backend());
    harness.route("api", "web.localhost", "/api", api.backend());

    assertEquals("web-v1", harness.get("web.localhost", "/").body());
    assertEquals("api-v1", harness.get("web.localhost:8080", "/api/users").body());
    assertEquals("web-v1", harness.get("web.localhost", "/apix").body());
  }

  @Test
  void anUnknownHostGets404() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    Reply reply = harness.get("nobody.localhost", "/");
    assertEquals(404, reply.status());
  }

  @Test
  void aServiceWithoutInstancesGets503() {
    harness.routes.put(ServiceRoute.of("web", List.of("web.localhost"), "/"));
    assertEquals(503, harness.get("web.localhost", "/").status());
  }

  @Test
  void weightsSplitTrafficBetweenPoolsWithinThreePoints() {
    LoopbackInstance stable = harness.instance("v1");
    LoopbackInstance canary = harness.instance("v2");
    harness.routes.put(
        ServiceRoute.of("web", List.of("*"), "/")
            .withPools(
                List.of(
                    new Pool("v1", 90, Pool.Role.STABLE, List.of(stable.backend())),
                    new Pool("v2", 10, Pool.Role.CANARY, List.of(canary.backend())))));

    int total = 5_000;
    int toCanary = 0;
    for (int i = 0; i < total; i++) {
      Reply reply = harness.get("any.localhost", "/");
      assertEquals(200, reply.status());
      if (reply.body().equals("v2")) {
        toCanary++;
      }
    }
    double share = 100.0 * toCanary / total;
    assertTrue(Math.abs(share - 10.0) <= 3.0, "canary share " + share + "% of " + total);
  }

  @Test
  void forwardingHeadersAreSetAndHopByHopHeadersRemoved() {
    LoopbackInstance web = harness.instance("v1");
    harness.route("web", "web.localhost", "/", web.backend());

    Reply reply =
        harness.get(
            "web.localhost",
            "/headers",
            Map.of(
                "X-Forwarded-For", "10.1.2.3",
                "Connection", "keep-alive, X-Secret-Hop",
                "X-Secret-Hop", "must-not-pass",
                "Proxy-Authorization", "Basic abc",
                "X-Request-Id", "req-123"));
    String seen = reply.body();
    // No trusted proxies: the client's own X-Forwarded-For is replaced (ProxyForwardingTest).
    assertTrue(seen.contains("x-forwarded-for: 127.0.0.1\n"), seen);
    assertTrue(seen.contains("x-forwarded-proto: http"), seen);
    assertTrue(seen.contains("x-forwarded-host: web.localhost"), seen);
    assertTrue(seen.contains("x-request-id: req-123"), seen);
    assertTrue(seen.contains("host: web.localhost"), seen);
    assertFalse(seen.contains("x-secret-hop"), seen);
    assertFalse(seen.contains("proxy-authorization"), seen);
    assertEquals("v1", reply.headers().get("X-Cutover-Version"));
    assertEquals("kept", harness.get("web.localhost", "/").headers().get("Connection-Test"));
  }

  @Test
  void aRequestIdIsGeneratedWhenMissing() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    String seen = harness.get("web.localhost", "/headers").body();
    assertTrue(seen.matches("(?s).*x-request-id: [0-9a-f]{16}\n.*"), seen);
  }

  @Test
  void aStickyCookieKeepsAClientOnTheVersionItFirstGot() {
    harness.routes.put(
        new ServiceRoute(
            "web",
            List.of("*"),
            "/",
            List.of(
                new Pool("v1", 50, Pool.Role.STABLE, List.of(harness.instance("v1").backend())),
                new Pool("v2", 50, Pool.Role.CANARY, List.of(harness.instance("v2").backend()))),
            Stickiness.COOKIE,
            "X-Cutover-Canary",
            Duration.ZERO));

    Set<String> firstVersions = new HashSet<>();
    for (int client = 0; client < 20; client++) {
      Reply first = harness.get("web.localhost", "/");
      String setCookie = first.headers().get("Set-Cookie");
      assertNotNull(setCookie, "first response sets the sticky cookie");
      assertTrue(setCookie.startsWith("cutover-web=" + first.body()), setCookie);
      firstVersions.add(first.body());
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      for (int i = 0; i < 20; i++) {
        Reply again = harness.get("web.localhost", "/", Map.of("Cookie", cookie));
        assertEquals(first.body(), again.body(), "client stays on its version");
        assertNull(again.headers().get("Set-Cookie"), "no new cookie once pinned");
      }
    }
    assertEquals(Set.of("v1", "v2"), firstVersions, "both versions served somebody");
  }

  @Test
  void theCanaryHeaderForcesTheRouteWhileTheCanaryTakesTraffic() {
    forcingRoute(1);
    for (int i = 0; i < 10; i++) {
      assertEquals("v2", harness.get("w", "/", Map.of("X-Cutover-Canary", "always")).body());
      assertEquals("v1", harness.get("w", "/", Map.of("X-Cutover-Canary", "never")).body());
    }
  }

  @Test
  void theCanaryHeaderCannotReachAVersionAtWeightZero() {
    // A blue-green version before its switch, or a canary that just failed its analysis.
    forcingRoute(0);
    for (int i = 0; i < 10; i++) {
      assertEquals("v1", harness.get("w", "/", Map.of("X-Cutover-Canary", "always")).body());
      assertEquals("v1", harness.get("w", "/").body());
    }
  }

  private void forcingRoute(int canaryWeight) {
    harness.canaryRoute(
        harness.instance("v1").backend(), harness.instance("v2").backend(), canaryWeight);
  }

  @Test
  void aClientExpecting100ContinueGetsItAndItsBodyArrives() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    io.vertx.core.http.HttpClient client = harness.vertx.createHttpClient();
    String counted =
        ProxyHarness.await(
            client
                .request(
                    new io.vertx.core.http.RequestOptions()
                        .setMethod(io.vertx.core.http.HttpMethod.POST)
                        .setHost("127.0.0.1")
                        .setPort(harness.port())
                        .setURI("/upload")
                        .putHeader("Host", "web.localhost")
                        .putHeader("Expect", "100-continue")
                        .putHeader("Content-Length", "5"))
                .compose(
                    req -> {
                      req.continueHandler(v -> req.end("hello"));
                      req.sendHead();
                      return req.response();
                    })
                .compose(resp -> resp.body().map(io.vertx.core.buffer.Buffer::toString)));
    assertEquals("5", counted);
  }
}
