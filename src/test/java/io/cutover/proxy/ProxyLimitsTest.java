package io.cutover.proxy;

import static io.cutover.support.RawExchange.statusLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.routing.RouteLimits;
import io.cutover.routing.ServiceRoute;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawConnection;
import io.cutover.support.RawExchange;
import io.cutover.support.UnacceptingPort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A service's {@code limits}: max-body (413, never buffered), upstream and connect timeouts. */
class ProxyLimitsTest {
  private static final long KB = 1024;

  private ProxyHarness harness = new ProxyHarness();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    harness.close();
  }

  @Test
  void aContentLengthOverTheLimitGets413AndTheInstanceSeesNoneOfIt() {
    LoopbackInstance instance = harness.instance("v1");
    limited("web", instance, new RouteLimits(KB, RouteLimits.GATEWAY, RouteLimits.GATEWAY));
    RawConnection client = open();

    client.write(
        "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 100000\r\n\r\n"
            + "x".repeat(4096));
    String answer = client.readResponse();

    assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine(answer), answer);
    assertTrue(answer.contains("limit of 1KB"), answer);
    assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    assertEquals(0, instance.requests(), "the instance was asked");
    assertEquals(0, instance.uploadBytesSeen());
    client.readUntilClosed();
  }

  @Test
  void aChunkedBodyIsCountedWhileItStreamsAndCutWith413PastTheLimit() {
    LoopbackInstance instance = harness.instance("v1");
    limited("web", instance, new RouteLimits(2 * KB, RouteLimits.GATEWAY, RouteLimits.GATEWAY));
    RawConnection client = open();

    client.write(
        "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
    String chunk = "400\r\n" + "y".repeat(1024) + "\r\n";
    for (int i = 0; i < 3; i++) {
      client.write(chunk);
    }
    String answer = client.readUntilClosed();

    assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine(answer), answer);
    assertTrue(instance.uploadBytesSeen() <= 2 * KB, "seen " + instance.uploadBytesSeen());
    // The instance's request was cut, never ended: it wrote no answer counting the bytes.
    assertTrue(!answer.contains("2048"), answer);
  }

  @Test
  void bodiesUpToTheLimitPassWhole() {
    LoopbackInstance instance = harness.instance("v1");
    limited("web", instance, new RouteLimits(2 * KB, RouteLimits.GATEWAY, RouteLimits.GATEWAY));

    String exact = post("web.localhost", "Content-Length: 2048\r\n", "z".repeat(2048));
    String chunked =
        post(
            "web.localhost",
            "Transfer-Encoding: chunked\r\n",
            "800\r\n" + "z".repeat(2048) + "\r\n0\r\n\r\n");

    assertEquals("HTTP/1.1 200 OK", statusLine(exact), exact);
    assertTrue(exact.endsWith("2048"), exact);
    assertEquals("HTTP/1.1 200 OK", statusLine(chunked), chunked);
    assertTrue(chunked.endsWith("2048"), chunked);
  }

  @Test
  void otherRequestsAreServedWhileAnOverLimitBodyIsRefused() {
    LoopbackInstance instance = harness.instance("v1");
    limited("web", instance, new RouteLimits(KB, RouteLimits.GATEWAY, RouteLimits.GATEWAY));
    RawConnection uploader = open();
    uploader.write(
        "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
    CompletableFuture<String> refused =
        CompletableFuture.supplyAsync(
            () -> {
              for (int i = 0; i < 8 && uploader.write("200\r\n" + "u".repeat(512) + "\r\n"); i++) {
                harness.get("web.localhost", "/"); // interleaved with ordinary traffic
              }
              return uploader.readUntilClosed();
            });

    for (int i = 0; i < 50; i++) {
      assertEquals(200, harness.get("web.localhost", "/").status());
    }
    assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine(refused.join()));
    assertEquals(200, harness.get("web.localhost", "/").status());
  }

  @Test
  void theGatewaysMaxBodyAppliesWhereAServiceSetsNoneAndAServiceMayLiftIt() throws Exception {
    harness.close();
    harness = new ProxyHarness(s -> s.withMaxBody(KB));
    limited("web", harness.instance("v1"), RouteLimits.GATEWAY_DEFAULTS);
    limited(
        "uploads",
        harness.instance("v1"),
        new RouteLimits(RouteLimits.UNLIMITED, RouteLimits.GATEWAY, RouteLimits.GATEWAY));

    String refused = post("web.localhost", "Content-Length: 2048\r\n", "a".repeat(2048));
    String lifted = post("uploads.localhost", "Content-Length: 2048\r\n", "a".repeat(2048));

    assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine(refused), refused);
    assertEquals("HTTP/1.1 200 OK", statusLine(lifted), lifted);
  }

  @Test
  void aServicesUpstreamTimeoutAnswers504WhileAnotherServiceKeepsTheGatewaysOne() {
    limited(
        "web",
        harness.instance("v1"),
        new RouteLimits(RouteLimits.GATEWAY, 300, RouteLimits.GATEWAY));
    limited("patient", harness.instance("v1"), RouteLimits.GATEWAY_DEFAULTS);

    long start = System.nanoTime();
    ProxyHarness.Reply timedOut = harness.get("web.localhost", "/slow?ms=3000");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    ProxyHarness.Reply patient = harness.get("patient.localhost", "/slow?ms=800");

    assertEquals(504, timedOut.status(), timedOut.body());
    assertTrue(tookMs < 2_000, "504 after " + tookMs + " ms");
    assertEquals(200, patient.status(), patient.body());
  }

  @Test
  void aServicesConnectTimeoutGivesUpOnAHangingInstanceSoonerThanTheGateways() {
    UnacceptingPort blackHole = new UnacceptingPort();
    closing.add(blackHole);
    ServiceRoute route =
        harness.route(
            "web",
            "web.localhost",
            "/",
            new Backend("hanging", "v1", "127.0.0.1", blackHole.port()));
    harness.routes.put(
        route.withLimits(new RouteLimits(RouteLimits.GATEWAY, RouteLimits.GATEWAY, 200)));

    long start = System.nanoTime();
    ProxyHarness.Reply reply = harness.get("web.localhost", "/");
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertEquals(502, reply.status(), reply.body());
    // The gateway's 5 s would take 15 s over three tries.
    assertTrue(tookMs < 3_000, "502 after " + tookMs + " ms");
  }

  private void limited(String service, LoopbackInstance instance, RouteLimits limits) {
    ServiceRoute route = harness.route(service, service + ".localhost", "/", instance.backend());
    harness.routes.put(route.withLimits(limits));
  }

  private RawConnection open() {
    RawConnection connection = RawConnection.open(harness.port());
    closing.add(connection);
    return connection;
  }

  /** One POST to /upload on its own connection, answered and closed. */
  private String post(String host, String framing, String body) {
    return RawExchange.send(
        harness.port(),
        "POST /upload HTTP/1.1\r\nHost: "
            + host
            + "\r\nConnection: close\r\n"
            + framing
            + "\r\n"
            + body);
  }
}
