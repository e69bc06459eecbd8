package io.cutover.config;

import io.cutover.routing.Stickiness;
import java.time.Duration;
import java.util.List;

/**
 * How releases of a service are rolled out.
 *
 * @param strategy used when a deploy names none
 * @param bake after the switch, keep watching with old instances warm; failure rolls back
 */
public record DeployConfig(
    String strategy,
    Duration bake,
    Analysis analysis,
    Rolling rolling,
    Canary canary,
    Immediate immediate) {

  /** Limits that judge each canary step and the bake window. */
  public record Analysis(double maxErrorRate, Duration maxP99Latency, int minRequests) {}

  public record Rolling(int maxSurge, int maxUnavailable) {}

  /** {@code pause} zero means: wait for promote. */
  public record CanaryStep(int weight, Duration pause) {}

  public record Canary(List<CanaryStep> steps, Stickiness sticky, String header) {
    public Canary {
      steps = List.copyOf(steps);
    }
  }

  /** {@code hold} above zero: requests wait that long for a healthy instance. */
  public record Immediate(Duration hold) {}

  public static DeployConfig defaults() {
    return new DeployConfig(
        "bluegreen",
        Duration.ZERO,
        new Analysis(0.01, Duration.ofSeconds(1), 20),
        new Rolling(1, 0),
        new Canary(
            List.of(
                new CanaryStep(10, Duration.ofSeconds(30)),
                new CanaryStep(50, Duration.ofSeconds(30))),
            Stickiness.COOKIE,
            "X-Cutover-Canary"),
        new Immediate(Duration.ZERO));
  }
}
