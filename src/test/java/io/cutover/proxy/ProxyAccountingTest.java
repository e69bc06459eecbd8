package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.routing.Latencies;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawConnection;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the proxy counts on an instance is what the analysis judges: clients cannot skew it. */
class ProxyAccountingTest {
  private final ProxyHarness harness = new ProxyHarness();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aClientThatHangsUpMidDownloadIsAClientAbortNotAnInstanceError() {
    Backend backend = harness.instance("v1").backend();
    harness.route("web", "web.localhost", "/", backend);
    for (int i = 0; i < 3; i++) {
      try (RawConnection client = RawConnection.open(harness.port())) {
        client.write("GET /bytes?n=209715200 HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
        assertTrue(client.readBytes(1024 * 1024) > 0, "the download started");
      }
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backend.inFlight() == 0);
    assertEquals(0, backend.errors(), "the instance did nothing wrong");
    assertEquals(3, backend.clientAborts());
    assertEquals(3, backend.requests());
  }

  @Test
  void anInstanceThatBreaksMidDownloadIsStillAnError() {
    Backend backend = harness.instance("v1").backend();
    harness.route("web", "web.localhost", "/", backend);
    try (RawConnection client = RawConnection.open(harness.port())) {
      client.write("GET /bytes?n=209715200 HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
      assertTrue(client.readBytes(64 * 1024) > 0, "the download started");
      harness.closeInstances();
      client.readUntilClosed();
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backend.inFlight() == 0);
    assertEquals(1, backend.errors());
    assertEquals(0, backend.clientAborts());
  }

  @Test
  void forcedRequestsAreCountedApartFromWhatTheAnalysisJudges() {
    Backend stable = harness.instance("v1").backend();
    Backend canary = harness.instance("v2").backend();
    harness.canaryRoute(stable, canary, 10);
    Map<String, String> always = Map.of("X-Cutover-Canary", "always");
    for (int i = 0; i < 5; i++) {
      assertEquals(500, harness.get("w", "/status?code=500", always).status());
    }
    assertEquals(200, harness.get("w", "/", always).status());

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> canary.inFlight() == 0);
    assertEquals(6, canary.forcedRequests());
    assertEquals(5, canary.forcedErrors());
    assertEquals(0, canary.requests(), "forced requests are not the canary's sample");
    assertEquals(0, canary.errors(), "an outsider cannot fail the canary's analysis");
    long[] none = new long[canary.latencies().snapshot().length];
    assertEquals(0, Latencies.quantileMicros(none, canary.latencies().snapshot(), 0.99));
  }
}
