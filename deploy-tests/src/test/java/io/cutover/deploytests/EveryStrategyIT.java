package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every strategy ships two versions in a row under load through the packaged gateway: no request
 * fails, and the p99 latency during the deploys stays near the steady one.
 */
class EveryStrategyIT extends OneServiceSuite {
  private static final Duration STEADY = Duration.ofSeconds(5);

  /**
   * The 2× rule has a floor: on the 2-core CI machine a steady p99 of a few ms doubles from
   * scheduling noise alone (JIT, GC, the demo instances' own start), which says nothing about the
   * gateway. Below 250 ms a deploy-window p99 is not a regression a user would notice.
   */
  private static final double P99_FLOOR_MS = 250;

  /** Canary steps short enough for a test; {@code hold} so immediate fails no request. */
  static final String DEPLOY_YAML =
      String.join(
          "\n",
          "  analysis:",
          "    min-requests: 20",
          "  canary:",
          "    steps: [{weight: 20, pause: 2s}, {weight: 50, pause: 2s}]",
          "  immediate:",
          "    hold: 30s");

  @Override
  String deployYaml() {
    return DEPLOY_YAML;
  }

  @Test
  void twoBlueGreenDeploysInARowUnderLoadFailNoRequest() throws Exception {
    deployTwiceUnderLoad("bluegreen", true);
  }

  @Test
  void twoRollingDeploysInARowUnderLoadFailNoRequest() throws Exception {
    deployTwiceUnderLoad("rolling", true);
  }

  @Test
  void twoCanaryDeploysInARowUnderLoadFailNoRequest() throws Exception {
    deployTwiceUnderLoad("canary", true);
  }

  /**
   * With {@code hold} the requests of the gap between the old version stopping and the new one
   * being healthy wait instead of failing: they carry the new version's start time, so the p99 is
   * printed but not judged.
   */
  @Test
  void twoImmediateDeploysWithHoldInARowUnderLoadFailNoRequest() throws Exception {
    deployTwiceUnderLoad("immediate", false);
  }

  private void deployTwiceUnderLoad(String strategy, boolean judgeLatency) throws Exception {
    deployTwiceUnderLoad(this, strategy, strategy, judgeLatency);
  }

  /** Docker: the p99 is printed, not judged (container starts share the gateway's 2 cores). */
  static void deployTwiceUnderLoad(OneServiceSuite suite, String scenario, String strategy)
      throws Exception {
    deployTwiceUnderLoad(suite, scenario, strategy, false);
  }

  static void deployTwiceUnderLoad(
      OneServiceSuite suite, String scenario, String strategy, boolean judgeLatency)
      throws Exception {
    Gateway gateway = suite.gateway;
    Load.Result result;
    double p99Steady;
    double p99Deploy;
    long deployRequests;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(150))) {
      // Warm-up: the first requests open connections and the JIT is still compiling the
      // gateway and the instances; the steady window starts after them.
      await("warm-up").atMost(Duration.ofSeconds(20)).until(() -> load.result().requests() > 3000);
      long steadyFrom = Load.now();
      await("steady load without failures")
          .during(STEADY)
          .atMost(STEADY.plusSeconds(5))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> load.result().non2xx() == 0 && load.result().connErrors() == 0);
      long deployFrom = Load.now();
      for (int i = 0; i < 2; i++) {
        String version = suite.version();
        var release = gateway.awaitLive(gateway.deploy(version, strategy), RELEASE_TIMEOUT);
        assertEquals(version, release.path("version").asText());
      }
      long deployTo = Load.now();
      result = load.stop();
      assertTrue(!load.hitDeadline(), "the load ran into its time bound");
      p99Steady = load.p99Millis(steadyFrom, deployFrom);
      p99Deploy = load.p99Millis(deployFrom, deployTo);
      deployRequests = load.requestsSent(deployFrom, deployTo);
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=%s requests=%d non2xx=%d connErrors=%d p99Steady=%.1fms p99Deploy=%.1fms"
            + " ratio=%.2f deployRequests=%d statuses=%s%n",
        scenario,
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        p99Steady,
        p99Deploy,
        p99Deploy / p99Steady,
        deployRequests,
        result.statuses());
    Gateway.assertNoFailures(strategy + " deploys", result);
    assertTrue(deployRequests > 0, "no request was sent during the deploys");
    if (judgeLatency) {
      double limit = Math.max(2 * p99Steady, P99_FLOOR_MS);
      assertTrue(
          p99Deploy <= limit,
          () ->
              String.format(
                  Locale.ROOT,
                  "%s: p99 during the deploys %.1f ms > max(2 × steady %.1f ms, %.0f ms)",
                  strategy,
                  p99Deploy,
                  p99Steady,
                  P99_FLOOR_MS));
    }
  }
}
