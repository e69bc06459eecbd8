package io.cutover.health;

import io.cutover.config.HealthConfig;
import io.cutover.instance.InstanceState;

/**
 * Consecutive passes and failures of one instance, and the only place that decides which state they
 * lead to: one flapping check never moves traffic.
 */
final class Hysteresis {
  private final int healthyThreshold;
  private final int unhealthyThreshold;
  private int passes;
  private int failures;

  Hysteresis(HealthConfig config) {
    this.healthyThreshold = Math.max(1, config.healthyThreshold());
    this.unhealthyThreshold = Math.max(1, config.unhealthyThreshold());
  }

  /** Counts one result and returns the state the instance should be in now (maybe unchanged). */
  InstanceState record(InstanceState current, boolean passed) {
    if (passed) {
      passes++;
      failures = 0;
    } else {
      failures++;
      passes = 0;
    }
    return switch (current) {
      // A starting instance that fails stays STARTING: startup-timeout, not the threshold, ends it.
      case STARTING, UNHEALTHY -> passes >= healthyThreshold ? InstanceState.HEALTHY : current;
      case HEALTHY -> failures >= unhealthyThreshold ? InstanceState.UNHEALTHY : current;
      // Drains and stops are decided elsewhere; health never undoes them.
      case DRAINING, STOPPED -> current;
    };
  }

  /** Length of the current run of passes or failures. */
  int streak() {
    return Math.max(passes, failures);
  }
}
