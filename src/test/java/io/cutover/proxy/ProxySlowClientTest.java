package io.cutover.proxy;

import static io.cutover.support.RawExchange.statusLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow, idle and numerous clients cannot hold the traffic port or an instance's pool. */
class ProxySlowClientTest {
  private final ProxyHarness harness =
      new ProxyHarness(
          s ->
              s.withClientTimeouts(Duration.ofMillis(600), Duration.ofMillis(800))
                  .withPool(1, 4, 2)
                  .withMaxConnections(50));
  private final List<RawConnection> connections = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    connections.forEach(RawConnection::close);
    harness.close();
  }

  @Test
  void aClientThatTricklesHeaderBytesGets408AndIsCut() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    RawConnection slow = open();
    slow.write("GET / HTTP/1.1\r\nHost: web.localhost\r\n");
    // A byte every 50 ms keeps any read timeout happy; only a deadline on the head stops it.
    CompletableFuture<Void> trickle =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 200 && slow.write("X"); i++) {
                LockSupport.parkNanos(50_000_000);
              }
            });
    long start = System.nanoTime();
    String answer = slow.readUntilClosed();
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals("HTTP/1.1 408 Request Timeout", statusLine(answer), answer);
    assertTrue(tookMs < 3_000, "cut after " + tookMs + " ms");
    trickle.join();
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() {
    assertEquals("", open().readUntilClosed());
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    RawConnection idle = open();
    // Timed from before the request: the idle clock starts later (at the response's end), so a
    // busy test thread can only make the figure larger, never hide an early close.
    long start = System.nanoTime();
    idle.write("GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
    assertEquals("HTTP/1.1 200 OK", statusLine(idle.readResponse()));
    assertEquals("", idle.readUntilClosed());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs >= 800, "closed after " + tookMs + " ms, the idle timeout is 800");
  }

  @Test
  void aRequestTheInstanceTakesLongOnIsNotCutByTheClientTimeouts() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    RawConnection patient = open();
    patient.write("GET /slow?ms=2000 HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
    assertEquals("HTTP/1.1 200 OK", statusLine(patient.readResponse()));
    // Kept alive: the next request on it is served too.
    patient.write("GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
    assertEquals("HTTP/1.1 200 OK", statusLine(patient.readResponse()));
  }

  @Test
  void connectionsPastTheCapGet503AndTheCapFreesUpOnClose() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    for (int i = 0; i < 50; i++) {
      RawConnection c = open();
      c.write("GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
      assertEquals("HTTP/1.1 200 OK", statusLine(c.readResponse()));
    }
    RawConnection extra = open();
    assertTrue(
        statusLine(extra.readUntilClosed()).startsWith("HTTP/1.1 503"), "the 51st is refused");

    connections.remove(0).close();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> harness.openConnections() < 50);
    assertEquals(200, harness.get("web.localhost", "/").status());
  }

  @Test
  void slowUploadersFillingAnInstancesPoolLeaveOtherRequestsAndServicesServed() {
    LoopbackInstance a = harness.instance("v1");
    Backend aBackend = a.backend();
    harness.route("a", "a.localhost", "/", aBackend);
    harness.route("b", "b.localhost", "/", harness.instance("v1").backend());
    // Four uploads (the pool's size) that start and then stall.
    for (int i = 0; i < 4; i++) {
      startUpload();
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.requests() == 4);

    long start = System.nanoTime();
    assertEquals(200, harness.get("a.localhost", "/").status(), "a GET to the same instance");
    assertEquals(200, harness.get("b.localhost", "/").status(), "another service");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs < 2_000, "served in " + tookMs + " ms, not after a pool wait");

    // Two more uploads may wait for a connection (the wait queue); the next one is told at once.
    startUpload();
    startUpload();
    RawConnection refused = startUpload();
    String answer = refused.readResponse();
    assertEquals("HTTP/1.1 503 Service Unavailable", statusLine(answer), answer);
    assertTrue(answer.contains("is in use"), answer);
    assertEquals(0, aBackend.errors(), "a full pool is no failure of the instance");
  }

  @Test
  void anUploadTrickledPastTheUpstreamTimeoutGets408AndIsNoErrorOfTheInstance() throws Exception {
    try (ProxyHarness quick =
        new ProxyHarness(s -> s.withUpstreamTimeout(Duration.ofMillis(800)))) {
      Backend backend = quick.instance("v1").backend();
      quick.route("a", "a.localhost", "/", backend);
      RawConnection upload = RawConnection.open(quick.port());
      connections.add(upload);
      upload.write(
          "POST /upload HTTP/1.1\r\nHost: a.localhost\r\nContent-Length: 100000\r\n\r\n0123");
      String answer = upload.readUntilClosed();
      assertEquals("HTTP/1.1 408 Request Timeout", statusLine(answer), answer);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> backend.inFlight() == 0);
      assertEquals(0, backend.errors(), "the client was slow, not the instance");
      assertEquals(1, backend.clientAborts());
    }
  }

  private RawConnection startUpload() {
    RawConnection upload = open();
    upload.write(
        "POST /upload HTTP/1.1\r\nHost: a.localhost\r\nContent-Length: 100000\r\n\r\n0123456789");
    return upload;
  }

  private RawConnection open() {
    RawConnection c = RawConnection.open(harness.port());
    connections.add(c);
    return c;
  }
}
