package io.cutover.health;

import static io.cutover.instance.InstanceState.DRAINING;
import static io.cutover.instance.InstanceState.HEALTHY;
import static io.cutover.instance.InstanceState.STARTING;
import static io.cutover.instance.InstanceState.UNHEALTHY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.instance.InstanceState;
import io.cutover.support.FastHealth;
import org.junit.jupiter.api.Test;

/** The state rules alone, without a server: consecutive results flip the state, nothing else. */
class HealthHysteresisTest {
  private final Hysteresis hysteresis =
      new Hysteresis(FastHealth.config().healthyAfter(2).unhealthyAfter(3).build());

  @Test
  void aFlappingInstanceNeverTurnsHealthy() {
    InstanceState state = STARTING;
    for (int i = 0; i < 10; i++) {
      state = hysteresis.record(state, i % 2 == 0);
    }
    assertEquals(STARTING, state);
  }

  @Test
  void oneFailureAmongPassesDoesNotTakeAHealthyInstanceOut() {
    InstanceState state = HEALTHY;
    for (boolean passed : new boolean[] {false, false, true, false, false, true}) {
      state = hysteresis.record(state, passed);
    }
    assertEquals(HEALTHY, state);
    state = hysteresis.record(state, false);
    state = hysteresis.record(state, false);
    assertEquals(UNHEALTHY, hysteresis.record(state, false));
  }

  @Test
  void aStartingInstanceThatFailsStaysStarting() {
    InstanceState state = STARTING;
    for (int i = 0; i < 5; i++) {
      state = hysteresis.record(state, false);
    }
    assertEquals(STARTING, state);
  }

  @Test
  void aDrainingInstanceStaysDraining() {
    assertEquals(DRAINING, hysteresis.record(DRAINING, true));
    assertEquals(DRAINING, hysteresis.record(DRAINING, true));
    assertEquals(DRAINING, hysteresis.record(DRAINING, false));
  }
}
