package io.cutover.config;

import java.time.Duration;

/**
 * @param gracePeriod wait before the first check
 * @param healthyThreshold consecutive passes before an instance gets traffic
 * @param unhealthyThreshold consecutive failures before it loses traffic
 * @param startupTimeout a new instance not healthy by then fails the deploy
 */
public record HealthConfig(
    String path,
    Duration interval,
    Duration timeout,
    Duration gracePeriod,
    int healthyThreshold,
    int unhealthyThreshold,
    Duration startupTimeout) {

  public static HealthConfig defaults() {
    return new HealthConfig(
        "/health",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ZERO,
        2,
        3,
        Duration.ofSeconds(60));
  }
}
