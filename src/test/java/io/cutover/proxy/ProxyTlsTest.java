package io.cutover.proxy;

import static io.cutover.support.RawExchange.statusLine;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.RouteLimits;
import io.cutover.routing.ServiceRoute;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawExchange;
import io.cutover.support.TestCertificates;
import io.cutover.support.TestCertificates.Pem;
import io.cutover.support.TlsProbe;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS port: SNI, refused names, https-redirect, X-Forwarded-Proto and HTTP/2 by ALPN. */
class ProxyTlsTest {
  private final ProxyHarness harness = new ProxyHarness();
  private LoopbackInstance web;
  private LoopbackInstance api;

  // Made once: a 2048-bit key takes openssl a while.
  @TempDir static Path dir;
  private static Pem webCert;
  private static Pem apiCert;

  @BeforeAll
  static void certificates() {
    webCert = TestCertificates.make(dir, "web.localhost", "web");
    apiCert = TestCertificates.make(dir, "api.localhost", "api");
  }

  @BeforeEach
  void twoServicesWithTheirOwnCertificates() {
    web = harness.instance("v1");
    api = harness.instance("v1");
    harness.route("web", "web.localhost", "/", web.backend());
    harness.route("api", "api.localhost", "/", api.backend());
    harness.certificates.set(
        TestCertificates.table(
            harness.vertx, Map.of("web.localhost", webCert, "api.localhost", apiCert)));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.tlsPort() > 0);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void sniPicksEachHostsOwnCertificate() throws IOException {
    try (TlsProbe toWeb = TlsProbe.handshake(harness.tlsPort(), "web.localhost");
        TlsProbe toApi = TlsProbe.handshake(harness.tlsPort(), "api.localhost")) {
      assertEquals("CN=web.localhost,O=web", toWeb.subject());
      assertEquals("CN=api.localhost,O=api", toApi.subject());
    }
  }

  @Test
  void aNameNoServiceServesAndAClientWithoutANameAreRefusedAtTheHandshake() {
    assertThrows(
        SSLException.class, () -> TlsProbe.handshake(harness.tlsPort(), "other.localhost"));
    assertThrows(SSLException.class, () -> TlsProbe.handshake(harness.tlsPort(), null));
  }

  @Test
  void aTlsClientIsProxiedWithXForwardedProtoHttps() throws IOException {
    String answer;
    try (TlsProbe probe = TlsProbe.handshake(harness.tlsPort(), "web.localhost")) {
      answer =
          probe.exchange(
              "GET /headers HTTP/1.1\r\nHost: web.localhost\r\nConnection: close\r\n"
                  + "X-Forwarded-Proto: http\r\n\r\n");
    }
    assertEquals("HTTP/1.1 200 OK", statusLine(answer), answer);
    assertTrue(answer.contains("x-forwarded-proto: https\n"), answer);
    assertTrue(answer.contains("host: web.localhost\n"), answer);
  }

  @Test
  void plainRequestsToARedirectingServiceGet308ToTheSameUrlOnHttps() throws IOException {
    ServiceRoute route = harness.routes.current().service("web");
    harness.routes.put(route.withHttpsRedirect(true));

    String answer =
        RawExchange.send(
            harness.port(),
            "GET /a/b?c=1&d=2 HTTP/1.1\r\nHost: web.localhost:8080\r\nConnection: close\r\n\r\n");

    assertEquals("HTTP/1.1 308 Permanent Redirect", statusLine(answer), answer);
    assertTrue(
        answer.contains("location: https://web.localhost:" + harness.tlsPort() + "/a/b?c=1&d=2"),
        answer);
    assertEquals(0, web.requests(), "the redirected request reached the instance");
    try (TlsProbe probe = TlsProbe.handshake(harness.tlsPort(), "web.localhost")) {
      String overTls =
          probe.exchange("GET / HTTP/1.1\r\nHost: web.localhost\r\nConnection: close\r\n\r\n");
      assertEquals("HTTP/1.1 200 OK", statusLine(overTls), overTls);
    }
  }

  @Test
  void acmeChallengesAreAnsweredOnThePlainPortBeforeHttpsRedirectAndUnknownTokensGet404()
      throws IOException {
    harness.routes.put(harness.routes.current().service("web").withHttpsRedirect(true));
    harness.certificates.challenges().put("tok-1", "tok-1.thumbprint");

    String known =
        RawExchange.send(
            harness.port(),
            "GET /.well-known/acme-challenge/tok-1 HTTP/1.1\r\nHost: web.localhost\r\n"
                + "Connection: close\r\n\r\n");
    String unknown =
        RawExchange.send(
            harness.port(),
            "GET /.well-known/acme-challenge/tok-2 HTTP/1.1\r\nHost: web.localhost\r\n"
                + "Connection: close\r\n\r\n");

    assertEquals("HTTP/1.1 200 OK", statusLine(known), known);
    assertTrue(known.endsWith("\r\n\r\ntok-1.thumbprint"), known);
    assertEquals("HTTP/1.1 404 Not Found", statusLine(unknown), unknown);
    assertEquals(0, web.requests(), "a challenge request reached the instance");
  }

  @Test
  void http2ByAlpnCarriesManyConcurrentStreamsOnOneConnection() {
    AtomicInteger connections = new AtomicInteger();
    HttpClient h2 = http2Client(connections);
    List<Future<String>> replies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      replies.add(get(h2, "web.localhost", "/headers?i=" + i));
    }

    List<String> bodies = ProxyHarness.await(Future.all(replies)).list();

    assertEquals(200, bodies.size());
    for (String body : bodies) {
      assertTrue(body.startsWith("200 HTTP_2\n"), body);
      assertTrue(body.contains("host: web.localhost:" + harness.tlsPort() + "\n"), body);
      assertTrue(body.contains("x-forwarded-proto: https\n"), body);
      assertTrue(!body.contains("\n:"), "a pseudo-header reached the instance: " + body);
    }
    assertEquals(1, connections.get(), "connections to the TLS port");
    assertEquals(200, web.requests());
  }

  @Test
  void http2BodiesReachTheInstanceWithOrWithoutContentLength() {
    HttpClient h2 = http2Client(new AtomicInteger());
    Buffer body = Buffer.buffer("x".repeat(100_000));

    String announced = post(h2, body, true);
    String streamed = post(h2, body, false);

    assertEquals("200 HTTP_2\n100000", announced);
    assertEquals("200 HTTP_2\n100000", streamed);
  }

  @Test
  void anHttp2BodyOverTheLimitGets413AndOnlyItsStreamEnds() {
    ServiceRoute route = harness.routes.current().service("web");
    harness.routes.put(
        route.withLimits(new RouteLimits(1024, RouteLimits.GATEWAY, RouteLimits.GATEWAY)));
    AtomicInteger connections = new AtomicInteger();
    HttpClient h2 = http2Client(connections);

    String refused = post(h2, Buffer.buffer("y".repeat(50_000)), false);
    String next = ProxyHarness.await(get(h2, "web.localhost", "/"));

    assertTrue(refused.startsWith("413 HTTP_2\n"), refused);
    assertEquals("200 HTTP_2\nv1", next);
    assertEquals(1, connections.get(), "the 413 closed the shared connection");
  }

  @Test
  void aDrainStopsTheTlsPortAcceptingWhileItsRequestsInProgressFinish() throws Exception {
    // The plain port is accepted on first, so both listeners must be known to the drain.
    assertEquals(200, harness.get("web.localhost", "/").status());
    int tlsPort = harness.tlsPort();
    TlsProbe slow = TlsProbe.handshake(tlsPort, "web.localhost");
    CompletableFuture<String> inProgress =
        CompletableFuture.supplyAsync(
            () -> {
              try (slow) {
                return slow.exchange(
                    "GET /slow?ms=4000 HTTP/1.1\r\nHost: web.localhost\r\nConnection: close\r\n\r\n");
              } catch (IOException e) {
                return e.toString();
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> web.requests() == 2);

    Future<Integer> drained = harness.drain(Duration.ofSeconds(10));

    // Refused while the request in progress still runs, not only once the drain ended.
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThrows(
                    IOException.class, () -> TlsProbe.handshake(tlsPort, "web.localhost")));
    assertFalse(inProgress.isDone(), "the request in progress ended before the check");
    assertTrue(inProgress.get(10, TimeUnit.SECONDS).startsWith("HTTP/1.1 200"), inProgress.join());
    assertEquals(0, ProxyHarness.await(drained), "connections cut at the deadline");
  }

  @Test
  void aWebSocketStillWorksOverTlsInHttp1() {
    // The WebSocket client resolves the name it sends by SNI: it connects to 127.0.0.1, which
    // sends none, served by a "*" certificate; the Host header picks the service.
    harness.certificates.set(
        TestCertificates.table(harness.vertx, Map.of("web.localhost", webCert, "*", webCert)));
    WebSocketClient client =
        harness.vertx.createWebSocketClient(
            new WebSocketClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    WebSocket ws =
        ProxyHarness.await(
            client.connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(harness.tlsPort())
                    .setURI("/ws")
                    .addHeader("Host", "web.localhost")));
    CompletableFuture<String> echoed = new CompletableFuture<>();
    ws.binaryMessageHandler(frame -> echoed.complete(frame.toString()));

    ws.writeBinaryMessage(Buffer.buffer("over tls"));

    assertEquals("over tls", echoed.join());
    ProxyHarness.await(ws.close());
  }

  private HttpClient http2Client(AtomicInteger connections) {
    return harness
        .vertx
        .httpClientBuilder()
        .with(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setSsl(true)
                .setUseAlpn(true)
                .setTrustAll(true)
                .setVerifyHost(false)
                .setForceSni(true)
                .setHttp2MultiplexingLimit(500))
        .with(new PoolOptions().setHttp2MaxSize(1))
        .withConnectHandler(c -> connections.incrementAndGet())
        .build();
  }

  private Future<String> get(HttpClient client, String host, String uri) {
    return client
        .request(options(HttpMethod.GET, host, uri))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + resp.version() + "\n" + b));
  }

  private String post(HttpClient client, Buffer body, boolean withLength) {
    return ProxyHarness.await(
        client
            .request(options(HttpMethod.POST, "web.localhost", "/upload"))
            .compose(
                req -> {
                  if (withLength) {
                    return req.send(body);
                  }
                  req.setChunked(true);
                  req.write(body.slice(0, body.length() / 2));
                  req.write(body.slice(body.length() / 2, body.length()));
                  req.end();
                  return req.response();
                })
            .compose(
                resp -> resp.body().map(b -> resp.statusCode() + " " + resp.version() + "\n" + b)));
  }

  private RequestOptions options(HttpMethod method, String host, String uri) {
    return new RequestOptions()
        .setMethod(method)
        .setServer(SocketAddress.inetSocketAddress(harness.tlsPort(), "127.0.0.1"))
        .setHost(host)
        .setPort(harness.tlsPort())
        .setURI(uri)
        .setIdleTimeout(20_000);
  }
}
