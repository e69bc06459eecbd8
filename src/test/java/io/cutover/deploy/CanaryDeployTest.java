package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Canary deploys of real demo-app processes through the real proxy, judged by analysis. */
@QuarkusTest
class CanaryDeployTest {
  static final String TWO_STEPS =
      "deploy:\n"
          + "  canary: {steps: [{weight: 20, pause: 2s}, {weight: 50, pause: 2s}]}\n"
          + "  analysis: {min-requests: 20}\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  private Vertx vertx;
  private DeployScenario scenario;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    scenario = new DeployScenario(executor, history, services).configure("", TWO_STEPS);
  }

  @AfterEach
  void stop() throws Exception {
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aCanaryWithinTheLimitsWalksEveryStepAndGoesLiveWithoutAFailedRequest() throws Exception {
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1", "canary").getStatus());
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release v2;
    try {
      v2 = scenario.deployAndAwait("v2", "canary");
    } finally {
      load.stop();
    }
    System.out.printf("canary within limits: clients %s%n", load);
    assertEquals(ReleaseStatus.LIVE, v2.getStatus(), v2.getReason());
    assertNotNull(v2.getSwitchedAt());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertTrue(load.bodies().containsKey("v1") && load.bodies().containsKey("v2"), load.toString());
    List<ReleaseEvent> events = scenario.events(v2);
    assertEquals(
        List.of(
            "release.started",
            "instances.started",
            "instances.healthy",
            "traffic.shifted",
            "release.waiting",
            "analysis.passed",
            "traffic.shifted",
            "release.waiting",
            "analysis.passed",
            "traffic.switched",
            "drain.finished",
            "instances.stopped",
            "release.live"),
        events.stream().map(ReleaseEvent::getType).toList());
    List<JsonNode> passed = figures(events, "analysis.passed");
    int[] weights = {20, 50};
    for (int i = 0; i < 2; i++) {
      JsonNode canary = passed.get(i).get("candidate");
      JsonNode stable = passed.get(i).get("stable");
      long total = canary.get("requests").asLong() + stable.get("requests").asLong();
      double share = (double) canary.get("requests").asLong() / total;
      System.out.printf(
          "canary within limits: step %d%% canary %s stable %s share %.3f%n",
          weights[i], canary, stable, share);
      assertTrue(canary.get("requests").asLong() >= 20, passed.get(i).toString());
      assertTrue(stable.get("requests").asLong() > 0, passed.get(i).toString());
      assertEquals(0, canary.get("errors").asLong(), passed.get(i).toString());
      // Both versions are measured over the same window, so the split follows the weight.
      assertEquals(weights[i] / 100.0, share, 0.1, passed.get(i).toString());
    }
  }

  @Test
  void aCanaryAnsweringErrorsIsStoppedAtItsFirstStepAndClientsSeeOnlyItsShareOfThem()
      throws Exception {
    scenario.deployAndAwait("v1", "canary");
    scenario.configure("FAULT_ERROR_RATE: \"0.2\"", TWO_STEPS);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release failed;
    try {
      failed = scenario.deployAndAwait("v2", "canary");
    } finally {
      load.stop();
    }
    assertEquals(ReleaseStatus.FAILED, failed.getStatus(), failed.getReason());
    String reason = failed.getReason();
    assertTrue(reason.contains("error rate") && reason.contains("max-error-rate"), reason);
    assertTrue(reason.contains("canary") && reason.contains("stable"), reason);
    List<ReleaseEvent> events = scenario.events(failed);
    List<String> shifts =
        events.stream()
            .filter(e -> e.getType().equals("traffic.shifted"))
            .map(ReleaseEvent::getData)
            .toList();
    assertEquals(List.of("{\"weight\":20}"), shifts, "stopped at the first step");
    assertTrue(events.stream().anyMatch(e -> e.getType().equals("traffic.reverted")));
    JsonNode figures = figures(events, "analysis.failed").get(0);
    long canaryRequests = figures.get("candidate").get("requests").asLong();
    long window = canaryRequests + figures.get("stable").get("requests").asLong();
    // Errors come only from the canary: its weight times its error rate over the window's
    // requests, tripled for chance, plus a few requests already on their way at the revert.
    long expected = Math.round(0.2 * 0.2 * window);
    long bound = 3 * expected + 5;
    long seen = load.non2xx() + load.connectionErrors();
    System.out.printf(
        "failing canary: clients %s; window %d requests (canary %d, %d errors); "
            + "client errors %d, expected about %d, bound %d; release counted %d errors in %d"
            + " requests (%d after the verdict); reason: %s%n",
        load,
        window,
        canaryRequests,
        figures.get("candidate").get("errors").asLong(),
        seen,
        expected,
        bound,
        failed.getErrors(),
        failed.getRequests(),
        failed.getRequests() - canaryRequests,
        reason);
    assertTrue(seen >= 1, "the analysis failed on errors clients must have seen: " + load);
    assertTrue(seen <= bound, "client errors " + seen + " above " + bound + ": " + load);
    assertEquals(failed.getErrors(), seen, "every error clients saw came from the canary");
    // The window counts from the shift, and the verdict takes the canary's weight away at once.
    long afterVerdict = failed.getRequests() - canaryRequests;
    assertTrue(afterVerdict <= canaryRequests / 10 + 8, afterVerdict + " canary requests late");
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
    assertEquals(1, services.service(scenario.service).orElseThrow().pools().size());
  }

  /** The JSON data of every event of {@code type}, in order. */
  static List<JsonNode> figures(List<ReleaseEvent> events, String type) {
    return events.stream()
        .filter(e -> e.getType().equals(type))
        .map(
            e -> {
              try {
                return JSON.readTree(e.getData());
              } catch (Exception invalid) {
                throw new IllegalStateException(e.getData(), invalid);
              }
            })
        .toList();
  }
}
