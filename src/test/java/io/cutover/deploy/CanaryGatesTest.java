package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Driving a canary by hand: promote, abort, pause and resume, under load. */
@QuarkusTest
class CanaryGatesTest {
  private static final String WAIT_FOR_PROMOTE =
      "deploy:\n"
          + "  canary: {steps: [{weight: 20, pause: 0}, {weight: 50, pause: 0}]}\n"
          + "  analysis: {min-requests: 20}\n";
  private static final String LONG_STEPS =
      "deploy:\n"
          + "  canary: {steps: [{weight: 20, pause: 60s}, {weight: 50, pause: 60s}]}\n"
          + "  analysis: {min-requests: 20}\n";

  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  private Vertx vertx;
  private DeployScenario scenario;
  private LoadClient load;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    scenario = new DeployScenario(executor, history, services);
  }

  @AfterEach
  void stop() throws Exception {
    if (load != null) {
      load.close();
    }
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void stepsWithoutPauseHoldTheReleasePausedAtEachStepUntilPromoteThenItGoesLive()
      throws Exception {
    Release v2 = canaryUnderLoad(WAIT_FOR_PROMOTE);
    scenario.awaitStatus(v2, ReleaseStatus.PAUSED);
    assertEquals(20, canaryWeight());
    staysPaused(v2);
    assertEquals(20, canaryWeight(), "no promote, no next step");
    assertTrue(executor.promote(v2.getId()));
    scenario.awaitEvent(v2, "traffic.shifted", "\"weight\":50");
    scenario.awaitStatus(v2, ReleaseStatus.PAUSED);
    assertEquals(50, canaryWeight());
    assertTrue(executor.promote(v2.getId()));
    Release live = scenario.awaitEnd(v2);
    load.stop();
    System.out.printf("promote walk: clients %s%n", load);
    assertEquals(ReleaseStatus.LIVE, live.getStatus(), live.getReason());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertFalse(executor.promote(v2.getId()), "nothing left to promote");
    assertEquals(2, count(v2, "analysis.passed"));
    assertEquals(2, count(v2, "release.paused"));
  }

  @Test
  void anAbortDuringAStepEndsTheReleaseAbortedAndTheStableVersionKeepsEveryRequest()
      throws Exception {
    Release v2 = canaryUnderLoad(LONG_STEPS);
    scenario.awaitEvent(v2, "release.waiting", null); // the 60 s analysis of 20% is under way
    long abortedAt = System.nanoTime();
    assertTrue(executor.abort(v2.getId(), "the canary looks wrong to me"));
    Release aborted = scenario.awaitEnd(v2);
    long tookMs = (System.nanoTime() - abortedAt) / 1_000_000;
    load.stop();
    System.out.printf("abort in a step: ended after %d ms; clients %s%n", tookMs, load);
    assertEquals(ReleaseStatus.ABORTED, aborted.getStatus());
    assertEquals("aborted: the canary looks wrong to me", aborted.getReason());
    assertTrue(tookMs < 30_000, "the abort did not wait out the window: " + tookMs + " ms");
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    List<InstancePool> pools = services.service(scenario.service).orElseThrow().pools();
    assertEquals(1, pools.size(), pools.toString());
    assertEquals("v1", pools.get(0).version());
    assertEquals(100, pools.get(0).weight());
    assertEquals(Pool.Role.STABLE, pools.get(0).role());
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
    assertEquals(0, count(v2, "analysis.passed") + count(v2, "analysis.failed"));
  }

  @Test
  void aPauseByHandHoldsTheWalkWhenAPromoteEndsTheStepUntilResume() throws Exception {
    Release v2 = canaryUnderLoad(WAIT_FOR_PROMOTE);
    scenario.awaitStatus(v2, ReleaseStatus.PAUSED);
    assertTrue(executor.pause(v2.getId()));
    assertTrue(executor.promote(v2.getId()));
    scenario.awaitEvent(v2, "analysis.passed", null);
    staysPaused(v2);
    assertEquals(20, canaryWeight(), "paused by hand: the promote did not move to 50%");
    assertTrue(lastEvent(v2).getMessage().contains("paused by hand"), lastEvent(v2).toString());
    assertTrue(executor.resume(v2.getId()));
    scenario.awaitEvent(v2, "traffic.shifted", "\"weight\":50");
    scenario.awaitStatus(v2, ReleaseStatus.PAUSED); // the second step waits for promote
    assertTrue(executor.promote(v2.getId()));
    Release live = scenario.awaitEnd(v2);
    load.stop();
    System.out.printf("pause by hand: clients %s%n", load);
    assertEquals(ReleaseStatus.LIVE, live.getStatus(), live.getReason());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    List<String> types = scenario.events(v2).stream().map(ReleaseEvent::getType).toList();
    int passed = types.indexOf("analysis.passed");
    // From waiting for promote straight to paused by hand: never a blink of deploying.
    assertEquals(
        List.of("release.paused", "release.resumed", "traffic.shifted"),
        types.subList(passed + 1, passed + 4),
        types.toString());
  }

  @Test
  void aPauseByHandDuringATimedStepLetsItsAnalysisFinishThenHoldsUntilResume() throws Exception {
    Release v2 =
        canaryUnderLoad(
            "deploy:\n"
                + "  canary: {steps: [{weight: 20, pause: 3s}, {weight: 50, pause: 1s}]}\n"
                + "  analysis: {min-requests: 20}\n");
    scenario.awaitEvent(v2, "release.waiting", null);
    assertTrue(executor.pause(v2.getId()));
    scenario.awaitEvent(v2, "analysis.passed", null);
    scenario.awaitStatus(v2, ReleaseStatus.PAUSED);
    staysPaused(v2);
    assertEquals(20, canaryWeight(), "held between the steps");
    assertTrue(executor.resume(v2.getId()));
    Release live = scenario.awaitEnd(v2);
    load.stop();
    System.out.printf("pause in a timed step: clients %s%n", load);
    assertEquals(ReleaseStatus.LIVE, live.getStatus(), live.getReason());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
  }

  /** v1 live by canary (a first deploy switches at once), 8 clients, then v2 by canary. */
  private Release canaryUnderLoad(String deployYaml) {
    scenario.configure("", deployYaml);
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1", "canary").getStatus());
    load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    return scenario.deploy("v2", "canary");
  }

  /** The release stays paused for a while: nothing moves it on by itself. */
  private void staysPaused(Release release) {
    Awaitility.await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                history.find(release.getId()).await().atMost(Duration.ofSeconds(10)).getStatus()
                    == ReleaseStatus.PAUSED);
  }

  private int canaryWeight() {
    return services.service(scenario.service).orElseThrow().pools().stream()
        .filter(p -> p.role() == Pool.Role.CANARY)
        .findFirst()
        .orElseThrow()
        .weight();
  }

  private long count(Release release, String type) {
    return scenario.events(release).stream().filter(e -> e.getType().equals(type)).count();
  }

  private ReleaseEvent lastEvent(Release release) {
    List<ReleaseEvent> events = scenario.events(release);
    return events.get(events.size() - 1);
  }
}
