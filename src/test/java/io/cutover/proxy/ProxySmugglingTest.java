package io.cutover.proxy;

import static io.cutover.support.RawExchange.body;
import static io.cutover.support.RawExchange.statusLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawConnection;
import io.cutover.support.RawExchange;
import io.cutover.support.ResettingInstance;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Heads that two HTTP parsers may frame differently get 400 and a closed connection, and never
 * reach an instance: nothing sent after them on the connection does either. Netty's decoder refuses
 * Content-Length with Transfer-Encoding, differing Content-Lengths, Transfer-Encoding on HTTP/1.0,
 * bare LF and bare CR itself; obs-fold it would join silently, so {@link HeadSyntax} refuses it.
 */
class ProxySmugglingTest {
  private static final String NEXT = "GET /smuggled HTTP/1.1\r\nHost: web.localhost\r\n\r\n";
  private final ProxyHarness harness = new ProxyHarness();
  private LoopbackInstance web;

  @BeforeEach
  void route() {
    web = harness.instance("v1");
    harness.route("web", "web.localhost", "/", web.backend());
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Content-Length with Transfer-Encoding, either order, either version
        "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nTransfer-Encoding: chunked\r\n"
            + "Content-Length: 5\r\n\r\n0\r\n\r\n",
        "POST /upload HTTP/1.0\r\nHost: web.localhost\r\nContent-Length: 5\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        // two differing Content-Lengths, as two lines and as a list
        "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 5\r\n"
            + "Content-Length: 6\r\n\r\nhello!",
        "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 5, 6\r\n\r\nhello!",
        // obs-fold: a line that starts with a space or a tab continues the previous one
        "GET / HTTP/1.1\r\nHost: web.localhost\r\nX-Folded: a\r\n b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: web.localhost\r\nX-Folded: a\r\n\tTransfer-Encoding: chunked\r\n\r\n",
        // bare LF and bare CR line endings
        "GET / HTTP/1.1\nHost: web.localhost\n\n",
        "GET / HTTP/1.1\r\nHost: web.localhost\nX-A: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: web.localhost\rX-A: 1\r\n\r\n",
      })
  void anAmbiguousHeadGets400AndClosesAndNothingOfItIsForwarded(String head) {
    String answer = RawExchange.send(harness.port(), head + NEXT);
    assertTrue(statusLine(answer).contains(" 400 "), answer);
    assertEquals(1, answers(answer), "one answer, then closed: " + answer);
    assertEquals(0, web.requests(), "the instance saw nothing");
  }

  @Test
  void aWellFormedPipelineIsStillServed() {
    String answer =
        RawExchange.send(
            harness.port(),
            "POST /upload HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 5\r\n\r\nhello"
                + "GET / HTTP/1.1\r\nHost: web.localhost\r\nConnection: close\r\n\r\n");
    assertEquals(2, answers(answer), answer);
    assertEquals(2, web.requests());
  }

  @Test
  void aWebSocketUpgradeTheInstanceRefusesPassesItsAnswerToTheClient() {
    try (RawConnection client = RawConnection.open(harness.port())) {
      client.write(upgrade("/status?code=403", ""));
      String answer = client.readResponse();
      assertEquals("HTTP/1.1 403 Forbidden", statusLine(answer), answer);
      assertEquals("v1", body(answer));
    }
  }

  @Test
  void aWebSocketUpgradeToAnInstanceThatResetsGets502() throws Exception {
    try (ResettingInstance resetting = new ResettingInstance();
        RawConnection client = RawConnection.open(harness.port())) {
      harness.route(
          "web", "web.localhost", "/", new Backend("r", "v1", "127.0.0.1", resetting.port()));
      client.write(upgrade("/ws", ""));
      assertEquals("HTTP/1.1 502 Bad Gateway", statusLine(client.readResponse()));
    }
  }

  @Test
  void aContentLengthOnAnUpgradeRequestIsNotCopiedToTheInstance() {
    try (RawConnection client = RawConnection.open(harness.port())) {
      client.write(upgrade("/headers", "Content-Length: 5\r\n") + "hello");
      String answer = client.readResponse();
      assertEquals("HTTP/1.1 200 OK", statusLine(answer), answer);
      assertFalse(body(answer).contains("content-length"), answer);
    }
  }

  private static long answers(String received) {
    return Pattern.compile("HTTP/1\\.[01] \\d{3} ").matcher(received).results().count();
  }

  private static String upgrade(String uri, String extra) {
    return "GET "
        + uri
        + " HTTP/1.1\r\nHost: web.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + extra
        + "\r\n";
  }
}
