package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A canary in a quiet service: a window with too few requests gets a verdict, never a wait. */
@QuarkusTest
class CanaryInconclusiveTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;

  private DeployScenario scenario;

  @BeforeEach
  void start() {
    scenario = new DeployScenario(executor, history, services);
  }

  @AfterEach
  void stop() {
    scenario.close();
  }

  @Test
  void aQuietStepPausesTheReleaseSayingHowManyRequestsCameAndAPromoteTakesItLive() {
    Release v2 = quietCanary("");
    Release paused = scenario.awaitStatus(v2, ReleaseStatus.PAUSED);
    String reason = paused.getReason();
    assertTrue(reason.contains("0 request(s) reached v2"), reason);
    assertTrue(reason.contains("min-requests 20"), reason);
    assertTrue(reason.contains("promote") && reason.contains("abort"), reason);
    JsonNode data = inconclusive(v2);
    assertEquals("analysis", data.get("window").asText(), data.toString());
    assertEquals("pause", data.get("action").asText(), data.toString());
    assertEquals(0, data.get("candidate").get("requests").asLong(), data.toString());
    assertEquals(20, data.get("limits").get("minRequests").asInt(), data.toString());
    assertEquals(20, canaryWeight(), "held at the step's weight while paused");
    assertTrue(executor.promote(v2.getId()));
    Release live = scenario.awaitEnd(v2);
    assertEquals(ReleaseStatus.LIVE, live.getStatus(), live.getReason());
    assertEquals("v2", services.service(scenario.service).orElseThrow().liveVersion());
  }

  @Test
  void aQuietStepFailsTheReleaseWhenInconclusiveIsFail() {
    Release v2 = quietCanary(", inconclusive: fail");
    Release failed = scenario.awaitEnd(v2);
    assertEquals(ReleaseStatus.FAILED, failed.getStatus(), failed.getReason());
    assertTrue(failed.getReason().contains("inconclusive"), failed.getReason());
    assertEquals("fail", inconclusive(v2).get("action").asText());
    assertTrue(types(v2).contains("analysis.failed"), types(v2).toString());
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
  }

  @Test
  void aQuietStepGoesOnWhenInconclusiveIsPromote() {
    Release v2 = quietCanary(", inconclusive: promote");
    Release live = scenario.awaitEnd(v2);
    assertEquals(ReleaseStatus.LIVE, live.getStatus(), live.getReason());
    assertEquals("promote", inconclusive(v2).get("action").asText());
    assertTrue(!types(v2).contains("release.paused"), types(v2).toString());
  }

  @Test
  void aQuietBakePausesTheReleaseUntilPromote() {
    scenario.configure(1, "", "");
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1").getStatus());
    scenario.configure(1, "", "deploy: {bake: 1s}\n");
    Release v2 = scenario.deploy("v2");
    Release paused = scenario.awaitStatus(v2, ReleaseStatus.PAUSED);
    assertTrue(paused.getReason().contains("the 1s bake"), paused.getReason());
    assertTrue(paused.getReason().contains("abort to return to v1"), paused.getReason());
    assertEquals("bake", inconclusive(v2).get("window").asText());
    assertTrue(executor.promote(v2.getId()));
    Release live = scenario.awaitEnd(v2);
    assertEquals(ReleaseStatus.LIVE, live.getStatus(), live.getReason());
  }

  /** v1 live, then v2 by a one-step canary of 1 s with no traffic at all. */
  private Release quietCanary(String analysisExtra) {
    scenario.configure(
        1,
        "",
        "deploy:\n"
            + "  canary: {steps: [{weight: 20, pause: 1s}]}\n"
            + "  analysis: {min-requests: 20"
            + analysisExtra
            + "}\n");
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1", "canary").getStatus());
    return scenario.deploy("v2", "canary");
  }

  private JsonNode inconclusive(Release release) {
    scenario.awaitEvent(release, "analysis.inconclusive", null);
    return CanaryDeployTest.figures(scenario.events(release), "analysis.inconclusive").get(0);
  }

  private List<String> types(Release release) {
    return scenario.events(release).stream().map(ReleaseEvent::getType).toList();
  }

  private int canaryWeight() {
    return services.service(scenario.service).orElseThrow().pools().stream()
        .filter(p -> p.role() == io.cutover.routing.Pool.Role.CANARY)
        .findFirst()
        .orElseThrow()
        .weight();
  }
}
