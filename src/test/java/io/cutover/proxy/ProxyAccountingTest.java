package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawConnection;
import java.time.Duration;
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
}
