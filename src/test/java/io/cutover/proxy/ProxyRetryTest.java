package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Backend;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.cutover.support.UnacceptingPort;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC's retry rule: what was never sent is retried elsewhere; what may have run is not. */
class ProxyRetryTest {
  private final ProxyHarness harness =
      new ProxyHarness(s -> s.withConnectTimeout(Duration.ofMillis(300)));
  private final UnacceptingPort blackHole = new UnacceptingPort();

  @AfterEach
  void close() throws Exception {
    harness.close();
    blackHole.close();
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
