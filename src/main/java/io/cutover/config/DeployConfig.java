package io.cutover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.cutover.routing.Stickiness;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How releases of a service are rolled out.
 *
 * @param strategy used when a deploy names none
 * @param bake after the switch, keep watching with old instances warm; failure rolls back
 * @param releaseCommand runs once per release, before its first instance; none when empty
 */
public record DeployConfig(
    String strategy,
    Duration bake,
    Analysis analysis,
    Rolling rolling,
    Canary canary,
    Immediate immediate,
    ReleaseCommand releaseCommand) {

  public DeployConfig {
    // A release recorded before the key existed reads back without a release command.
    releaseCommand = releaseCommand == null ? ReleaseCommand.NONE : releaseCommand;
  }

  public DeployConfig(
      String strategy,
      Duration bake,
      Analysis analysis,
      Rolling rolling,
      Canary canary,
      Immediate immediate) {
    this(strategy, bake, analysis, rolling, canary, immediate, ReleaseCommand.NONE);
  }

  /**
   * {@code release-command} and {@code release-command-timeout}: a migration, say, run through the
   * service's driver with the new version before any of its instances starts.
   */
  public record ReleaseCommand(List<String> command, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final ReleaseCommand NONE = new ReleaseCommand(List.of(), DEFAULT_TIMEOUT);

    public ReleaseCommand {
      command = command == null ? List.of() : List.copyOf(command);
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public boolean present() {
      return !command.isEmpty();
    }
  }

  /**
   * Limits that judge each canary step and the bake window.
   *
   * @param minRequests fewer requests than this when a window ends: the verdict is inconclusive
   * @param inconclusive what an inconclusive window does
   * @param maxP99Increase the canary's p99 may be at most this factor of the stable version's
   */
  public record Analysis(
      double maxErrorRate,
      Duration maxP99Latency,
      int minRequests,
      Inconclusive inconclusive,
      double maxP99Increase) {
    public Analysis {
      // A release recorded before these keys existed reads back with the defaults.
      inconclusive = inconclusive == null ? Inconclusive.PAUSE : inconclusive;
      maxP99Increase = maxP99Increase <= 0 ? DEFAULT_P99_INCREASE : maxP99Increase;
    }

    public Analysis(double maxErrorRate, Duration maxP99Latency, int minRequests) {
      this(maxErrorRate, maxP99Latency, minRequests, Inconclusive.PAUSE, DEFAULT_P99_INCREASE);
    }
  }

  static final double DEFAULT_P99_INCREASE = 1.5;

  /** What a window that ends with fewer than {@code min-requests} does. */
  public enum Inconclusive {
    /** The release is {@code paused} until a promote (go on) or an abort. */
    PAUSE,
    /** Goes on as if the window had passed. */
    PROMOTE,
    /** Fails the release, as a broken limit does. */
    FAIL;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Inconclusive of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

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
        new Immediate(Duration.ZERO),
        ReleaseCommand.NONE);
  }
}
