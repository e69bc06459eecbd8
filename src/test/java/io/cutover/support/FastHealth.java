package io.cutover.support;

import io.cutover.config.HealthConfig;
import java.time.Duration;

/** Health settings scaled down for tests: checks every 50 ms, so a test takes a second or two. */
public final class FastHealth {
  private Duration interval = Duration.ofMillis(50);
  private Duration timeout = Duration.ofMillis(500);
  private Duration gracePeriod = Duration.ZERO;
  private int healthyThreshold = 2;
  private int unhealthyThreshold = 3;
  private Duration startupTimeout = Duration.ofSeconds(10);

  public static FastHealth config() {
    return new FastHealth();
  }

  public FastHealth interval(Duration value) {
    interval = value;
    return this;
  }

  public FastHealth timeout(Duration value) {
    timeout = value;
    return this;
  }

  public FastHealth gracePeriod(Duration value) {
    gracePeriod = value;
    return this;
  }

  public FastHealth healthyAfter(int passes) {
    healthyThreshold = passes;
    return this;
  }

  public FastHealth unhealthyAfter(int failures) {
    unhealthyThreshold = failures;
    return this;
  }

  public FastHealth startupTimeout(Duration value) {
    startupTimeout = value;
    return this;
  }

  public HealthConfig build() {
    return new HealthConfig(
        "/health",
        interval,
        timeout,
        gracePeriod,
        healthyThreshold,
        unhealthyThreshold,
        startupTimeout);
  }
}
