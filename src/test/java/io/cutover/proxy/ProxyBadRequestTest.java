package io.cutover.proxy;

import static io.cutover.support.RawExchange.body;
import static io.cutover.support.RawExchange.statusLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that break HTTP/1.1 get a 4xx that says what is wrong, answered as HTTP/1.1, never a 5xx
 * and never a connection cut without an answer; the instance behind sees none of them.
 */
class ProxyBadRequestTest {
  private final ProxyHarness harness = new ProxyHarness();
  private LoopbackInstance web;
  private Backend backend;

  @BeforeEach
  void route() {
    web = harness.instance("v1");
    backend = web.backend();
    harness.route("web", "web.localhost", "/", backend);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/9.9", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "http/1.1", "SPDY/3.1"})
  void anUnsupportedHttpVersionGets400NotVertxs501(String version) {
    String answer = send("GET / " + version + "\r\nHost: web.localhost\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", statusLine(answer), answer);
    assertTrue(body(answer).contains("is not supported: send HTTP/1.1 or HTTP/1.0"), answer);
    assertEquals(0, web.requests(), "nothing reached the instance");
  }

  @Test
  void theHttp2PrefaceOnThePlainPortGets400() {
    String answer = send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", statusLine(answer), answer);
  }

  @Test
  void anHttp11RequestWithoutHostGets400() {
    String answer = send("GET / HTTP/1.1\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", statusLine(answer), answer);
    assertTrue(body(answer).contains("exactly one Host header, this one has 0"), answer);
  }

  @Test
  void twoHostHeadersGet400() {
    String answer = send("GET / HTTP/1.1\r\nHost: web.localhost\r\nHost: other\r\n\r\n");
    assertTrue(body(answer).contains("this one has 2"), answer);
    assertEquals(0, web.requests());
  }

  @Test
  void anHttp10RequestWithoutHostIsStillRouted() {
    // HTTP/1.0 has no Host requirement: no route matches, a plain 404.
    assertEquals("HTTP/1.0 404 Not Found", statusLine(send("GET / HTTP/1.0\r\n\r\n")));
  }

  @Test
  void anEmptyHeaderNameGets400() {
    String answer = send("GET / HTTP/1.1\r\nHost: web.localhost\r\n: value\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", statusLine(answer), answer);
    assertTrue(body(answer).contains("empty name"), answer);
    assertEquals(0, web.requests());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "gzip, chunked", "chunked, chunked", "identity"})
  void aTransferEncodingOtherThanChunkedGets400(String codings) {
    String answer =
        send(
            "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nTransfer-Encoding: "
                + codings
                + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", statusLine(answer), answer);
    assertTrue(body(answer).contains("Transfer-Encoding"), answer);
    assertEquals(0, web.requests());
  }

  @Test
  void anOversizedHeaderGets431WithTheLimit() {
    String answer =
        send("GET / HTTP/1.1\r\nHost: web.localhost\r\nX-Big: " + "v".repeat(20_000) + "\r\n\r\n");
    assertEquals("HTTP/1.1 431 Request Header Fields Too Large", statusLine(answer), answer);
    assertTrue(body(answer).contains("larger than 8192 bytes"), answer);
  }

  @Test
  void anOversizedUriGets414WithTheLimit() {
    String answer = send("GET /" + "u".repeat(10_000) + " HTTP/1.1\r\nHost: web.localhost\r\n\r\n");
    assertTrue(statusLine(answer).contains(" 414 "), answer);
    assertTrue(body(answer).contains("longer than 4096 bytes"), answer);
  }

  @Test
  void anInvalidHeaderNameGets400SayingWhy() {
    String answer = send("GET / HTTP/1.1\r\nHost: web.localhost\r\nBad Name: x\r\n\r\n");
    assertEquals("HTTP/1.1 400 Bad Request", statusLine(answer), answer);
    assertTrue(body(answer).startsWith("the request is not valid HTTP/1.1"), answer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ZZ\r\nabc\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"})
  void aMalformedChunkedBodyGets400AndIsNoFailureOfTheInstance(String chunks) {
    // A pooled connection to the instance: the body is already on its way when it breaks.
    assertEquals(200, harness.get("web.localhost", "/").status());
    String answer =
        send(
            "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunks);
    assertEquals("HTTP/1.1 400 Bad Request", statusLine(answer), answer);
    assertTrue(body(answer).contains("chunked encoding is malformed"), answer);
    assertEquals(0, backend.errors(), "a client's broken body is not the instance's failure");
  }

  @Test
  void aMalformedChunkedBodyToAnUnknownHostStillGetsItsAnswer() {
    String answer =
        send(
            "POST / HTTP/1.1\r\nHost: nowhere.localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "ZZ\r\nabc\r\n0\r\n\r\n");
    assertEquals("HTTP/1.1 404 Not Found", statusLine(answer), answer);
  }

  @Test
  void aWellFormedRequestStillPasses() {
    String answer = send("GET / HTTP/1.1\r\nHost: web.localhost\r\nConnection: close\r\n\r\n");
    assertEquals("HTTP/1.1 200 OK", statusLine(answer), answer);
    assertEquals("v1", body(answer));
  }

  private String send(String request) {
    return RawExchange.send(harness.port(), request);
  }
}
