package io.cutover.proxy;

import static io.cutover.support.RawExchange.statusLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.support.ProxyHarness;
import io.cutover.support.RawConnection;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The traffic port's graceful stop: nothing new is accepted, nothing in progress is cut. */
class ProxyShutdownDrainTest {
  private static final String GET_SLOW =
      "GET /slow?ms=1500 HTTP/1.1\r\nHost: web.localhost\r\n\r\n";
  private final ProxyHarness harness = new ProxyHarness();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aLongRequestInFlightCompletesWith200WhileNewConnectionsAreRefused() throws Exception {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    int port = harness.port();
    try (RawConnection inFlight = RawConnection.open(port)) {
      inFlight.write(GET_SLOW);
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(inFlight::readUntilClosed);
      Awaitility.await().until(() -> harness.openConnections() == 1);

      Future<Integer> drained = harness.drain(Duration.ofSeconds(10));

      // The listening socket is closed once drain() returns; the wait only absorbs a stalled
      // machine, and a listener left open still fails here.
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThrows(
                      ConnectException.class, () -> connect(port), "the listener is closed"));
      String response = answer.get();
      assertEquals("HTTP/1.1 200 OK", statusLine(response), response);
      assertTrue(response.toLowerCase().contains("connection: close"), response);
      assertTrue(response.endsWith("v1"), response);
      Awaitility.await().until(drained::isComplete);
      assertEquals(0, drained.result(), "no connection was left to cut");
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsGraceAndTheDrainEndsWithoutWaiting() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    try (RawConnection idle = RawConnection.open(harness.port())) {
      idle.write("GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
      assertEquals("HTTP/1.1 200 OK", statusLine(idle.readResponse()));

      long start = System.nanoTime();
      Future<Integer> drained = harness.drain(Duration.ofSeconds(20));

      assertEquals("", idle.readUntilClosed(), "closed without an answer");
      long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(closedAfterMs >= ConnectionDrain.IDLE_GRACE_MS - 50, "after " + closedAfterMs);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(drained::isComplete);
      assertEquals(0, drained.result());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }
  }

  @Test
  void aKeepAliveClientThatSendsWithinTheGraceIsAnsweredWithConnectionClose() {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    try (RawConnection client = RawConnection.open(harness.port())) {
      client.write("GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
      assertEquals("HTTP/1.1 200 OK", statusLine(client.readResponse()));

      Future<Integer> drained = harness.drain(Duration.ofSeconds(20));
      client.write("GET / HTTP/1.1\r\nHost: web.localhost\r\n\r\n");

      String last = client.readUntilClosed();
      assertEquals("HTTP/1.1 200 OK", statusLine(last), last);
      assertTrue(last.toLowerCase().contains("connection: close"), last);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(drained::isComplete);
      assertEquals(0, drained.result());
    }
  }

  @Test
  void aRequestStillRunningAtTheDeadlineIsCut() throws Exception {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    try (RawConnection stuck = RawConnection.open(harness.port())) {
      stuck.write("GET /slow?ms=30000 HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
      Awaitility.await().until(() -> harness.openConnections() == 1);

      Future<Integer> drained = harness.drain(Duration.ofMillis(300));

      Awaitility.await().atMost(Duration.ofSeconds(5)).until(drained::isComplete);
      assertEquals(1, drained.result(), "the one connection left was cut");
      assertEquals("", stuck.readUntilClosed());
    }
  }

  private static void connect(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    }
  }
}
