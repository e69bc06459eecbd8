package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary judged by its p99 (absolute and against the stable version) and by its error rate
 * against the stable version's, in the same window, under load.
 */
@QuarkusTest
class CanaryComparisonTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  private Vertx vertx;
  private DeployScenario scenario;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    scenario = new DeployScenario(executor, history, services);
  }

  @AfterEach
  void stop() throws Exception {
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aCanarySlowerThanMaxP99LatencyFails() throws Exception {
    Release failed =
        failedCanary("FAULT_LATENCY: \"300ms\"", "max-p99-latency: 100ms, max-p99-increase: 1000");
    assertTrue(failed.getReason().contains("above max-p99-latency 100ms"), failed.getReason());
    JsonNode figures = failedFigures(failed);
    assertTrue(figures.get("candidate").get("p99Micros").asLong() > 100_000, figures.toString());
  }

  @Test
  void aCanaryWhoseP99IsOverMaxP99IncreaseTimesTheStablesFails() throws Exception {
    Release failed =
        failedCanary("FAULT_LATENCY: \"100ms\"", "max-p99-latency: 10s, max-p99-increase: 1.5");
    assertTrue(failed.getReason().contains("over max-p99-increase 1.5"), failed.getReason());
    JsonNode figures = failedFigures(failed);
    long limit = figures.get("comparison").get("p99LimitMicros").asLong();
    long stableP99 = figures.get("stable").get("p99Micros").asLong();
    assertTrue(limit >= 1.5 * stableP99, figures.toString());
    assertTrue(figures.get("candidate").get("p99Micros").asLong() > limit, figures.toString());
  }

  @Test
  void aCanaryWhoseErrorRateIsSignificantlyAboveTheStablesFailsUnderMaxErrorRate()
      throws Exception {
    // max-error-rate 1 switches the absolute limit off: only the comparison can fail it.
    Release failed = failedCanary("FAULT_ERROR_RATE: \"0.3\"", "max-error-rate: 1");
    assertTrue(
        failed.getReason().contains("significantly above the stable version's"),
        failed.getReason());
    JsonNode figures = failedFigures(failed);
    assertTrue(
        figures.get("comparison").get("errorRateZ").asDouble() > StableComparison.Z_99,
        figures.toString());
    assertEquals(0, figures.get("stable").get("errors").asLong(), figures.toString());
  }

  /** v1 live, then v2 with {@code env} by a canary of one 3 s step at 50%, under load. */
  private Release failedCanary(String env, String analysis) throws Exception {
    String deploy =
        "deploy:\n"
            + "  canary: {steps: [{weight: 50, pause: 3s}]}\n"
            + "  analysis: {min-requests: 20, "
            + analysis
            + "}\n";
    scenario.configure(1, "", deploy);
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1", "canary").getStatus());
    scenario.configure(1, env, deploy);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release failed;
    try {
      failed = scenario.deployAndAwait("v2", "canary");
    } finally {
      load.stop();
    }
    System.out.printf("canary comparison: %s; clients %s%n", failed.getReason(), load);
    assertEquals(ReleaseStatus.FAILED, failed.getStatus(), failed.getReason());
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
    return failed;
  }

  private JsonNode failedFigures(Release failed) {
    return CanaryDeployTest.figures(scenario.events(failed), "analysis.failed").get(0);
  }
}
