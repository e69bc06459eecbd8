package io.cutover.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackendChooserTest {
  private final Backend a = new Backend("a", "v1", "127.0.0.1", 1);
  private final Backend b = new Backend("b", "v1", "127.0.0.1", 2);
  private final Backend c = new Backend("c", "v2", "127.0.0.1", 3);

  @Test
  void theInstanceWithFewestRequestsInFlightIsChosen() {
    a.opened();
    a.opened();
    b.opened();
    assertSame(c, BackendChooser.leastLoaded(List.of(a, b, c), 0, new Backend[0], 0));
  }

  @Test
  void tiesAreSharedRoundRobin() {
    Set<Backend> seen = new HashSet<>();
    for (int tick = 0; tick < 3; tick++) {
      seen.add(BackendChooser.leastLoaded(List.of(a, b, c), tick, new Backend[0], 0));
    }
    assertEquals(Set.of(a, b, c), seen);
  }

  @Test
  void triedInstancesAreSkipped() {
    Backend[] tried = {a, b};
    assertSame(c, BackendChooser.leastLoaded(List.of(a, b, c), 0, tried, 2));
    assertNull(BackendChooser.leastLoaded(List.of(a, b), 0, tried, 2));
  }

  @Test
  void theForcingHeaderAndTheStickyVersionOverrideTheWeights() {
    assertEquals("v2", BackendChooser.choosePool(canaryRoute(1), null, "always", 5).version());
    assertEquals("v1", BackendChooser.choosePool(canaryRoute(100), null, "never", 5).version());
    assertEquals("v2", BackendChooser.choosePool(canaryRoute(10), "v2", null, 0).version());
  }

  @Test
  void theForcingHeaderCannotReachAVersionAtWeightZero() {
    assertNull(BackendChooser.forcedPool(canaryRoute(0), "always"));
    assertNull(BackendChooser.forcedPool(canaryRoute(0), "never"));
    assertEquals("v1", BackendChooser.choosePool(canaryRoute(0), null, "always", 5).version());
    assertEquals("v2", BackendChooser.forcedPool(canaryRoute(10), "ALWAYS").version());
    assertNull(BackendChooser.forcedPool(canaryRoute(10), "sometimes"));
  }

  @Test
  void anEmptyChosenPoolFallsBackToAWarmOne() {
    ServiceRoute route =
        ServiceRoute.of("web", List.of("*"), "/")
            .withPools(
                List.of(
                    new Pool("v1", 0, Pool.Role.STABLE, List.of(a)),
                    new Pool("v2", 100, Pool.Role.CANARY, List.of())));
    assertEquals("v1", BackendChooser.choosePool(route, null, null, 42).version());
  }

  private ServiceRoute canaryRoute(int canaryWeight) {
    return new ServiceRoute(
        "web",
        List.of("*"),
        "/",
        List.of(
            new Pool("v1", 100 - canaryWeight, Pool.Role.STABLE, List.of(a, b)),
            new Pool("v2", canaryWeight, Pool.Role.CANARY, List.of(c))),
        Stickiness.COOKIE,
        "X-Cutover-Canary",
        Duration.ZERO);
  }
}
