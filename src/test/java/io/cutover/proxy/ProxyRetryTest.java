package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.RawExchange;
import io.cutover.support.ResettingInstance;
import io.cutover.support.UnacceptingPort;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC's retry rule: what was never sent is retried elsewhere; what may have run is not. */
class ProxyRetryTest {
  private final ProxyHarness harness =
      new ProxyHarness(s -> s.withConnectTimeout(Duration.ofMillis(300)));
  private final UnacceptingPort blackHole = new UnacceptingPort();
  private final ResettingInstance resetting = new ResettingInstance();

  @AfterEach
  void close() throws Exception {
    harness.close();
    blackHole.close();
    resetting.close();
  }

  @Test
  void aPostWithoutBodyResetAfterItWasSentGets502AndReachedTheInstanceOnce() {
    harness.route("web", "web.localhost", "/", resettingBackend());
    String answer =
        RawExchange.send(
            harness.port(),
            "POST /orders HTTP/1.1\r\nHost: web.localhost\r\nConnection: close\r\n\r\n");
    assertEquals("HTTP/1.1 502 Bad Gateway", RawExchange.statusLine(answer), answer);
    assertEquals(1, resetting.requests(), "it may have run: never sent twice");
  }

  @Test
  void aGetResetAfterItWasSentIsRetriedOnTheOtherInstance() {
    LoopbackInstance live = harness.instance("v1");
    harness.route("web", "web.localhost", "/", resettingBackend(), live.backend());
    for (int i = 0; i < 10; i++) {
      ProxyHarness.Reply reply = harness.get("web.localhost", "/");
      assertEquals(200, reply.status(), reply.body());
      assertEquals("v1", reply.body());
    }
    assertTrue(resetting.requests() > 0, "the resetting instance was tried");
    assertEquals(10, live.requests());
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
  void everyIdempotentMethodWithoutBodyIsRetriedAfterAReset(String method) {
    LoopbackInstance live = harness.instance("v1");
    harness.route("web", "web.localhost", "/", resettingBackend(), live.backend());
    for (int i = 0; i < 4; i++) {
      String answer =
          RawExchange.send(
              harness.port(),
              method + " / HTTP/1.1\r\nHost: web.localhost\r\nConnection: close\r\n\r\n");
      assertEquals("HTTP/1.1 200 OK", RawExchange.statusLine(answer), answer);
    }
    assertTrue(resetting.requests() > 0, "the resetting instance was tried");
  }

  @Test
  void aPutWhoseBodyWasSentIsNotRetriedAfterAReset() {
    harness.route("web", "web.localhost", "/", resettingBackend());
    String answer =
        RawExchange.send(
            harness.port(),
            "PUT /doc HTTP/1.1\r\nHost: web.localhost\r\nContent-Length: 3\r\n"
                + "Connection: close\r\n\r\nabc");
    assertEquals("HTTP/1.1 502 Bad Gateway", RawExchange.statusLine(answer), answer);
    assertEquals(1, resetting.requests());
  }

  private Backend resettingBackend() {
    return new Backend("resetting", "v1", "127.0.0.1", resetting.port());
  }

  @Test
  void aConnectTimeoutIsRetriedOnAnotherInstanceLikeARefusal() {
    LoopbackInstance live = harness.instance("v1");
    Backend hanging = new Backend("hanging", "v1", "127.0.0.1", blackHole.port());
    harness.route("web", "web.localhost", "/", hanging, live.backend());
    for (int i = 0; i < 10; i++) {
      ProxyHarness.Reply reply = harness.get("web.localhost", "/");
      assertEquals(200, reply.status(), reply.body());
    }
    assertTrue(hanging.requests() > 0, "the hanging instance was tried");
    assertEquals(hanging.requests(), hanging.errors(), "each try of it is its failure");
  }
}
