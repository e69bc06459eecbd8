package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Pool;
import io.cutover.routing.ServiceRoute;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouteSwapUnderLoadTest {
  private final ProxyHarness harness = new ProxyHarness();

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void swappingTheTableAThousandTimesUnderLoadFailsNoRequest() throws Exception {
    LoopbackInstance blue = harness.instance("blue");
    LoopbackInstance green = harness.instance("green");
    ServiceRoute base = ServiceRoute.of("web", List.of("web.localhost"), "/");
    List<Pool> toBlue = List.of(new Pool("blue", 100, Pool.Role.STABLE, List.of(blue.backend())));
    List<Pool> toGreen =
        List.of(new Pool("green", 100, Pool.Role.STABLE, List.of(green.backend())));
    harness.routes.put(base.withPools(toBlue));

    LoadClient load = LoadClient.start(harness.vertx, harness.port(), "web.localhost", "/", 8);
    for (int swap = 0; swap < 1_000; swap++) {
      harness.routes.put(base.withPools(swap % 2 == 0 ? toGreen : toBlue));
      long target = swap + 1;
      // Keep the swaps interleaved with traffic: at least one request between swaps.
      Awaitility.await()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> load.total() >= target);
    }
    load.stop();

    assertEquals(0, load.non2xx(), load.toString());
    assertEquals(0, load.connectionErrors(), load.toString());
    assertTrue(load.total() >= 1_000, load.toString());
    assertTrue(
        load.bodies().containsKey("blue") && load.bodies().containsKey("green"), load.toString());
  }
}
