package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.release.ReleaseTrigger;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RollbackTest {
  @Inject ReleaseExecutor executor;
  @Inject Rollbacks rollbacks;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  private Vertx vertx;
  private DeployScenario scenario;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    scenario = new DeployScenario(executor, history, services).configure("", "");
  }

  @AfterEach
  void stop() throws Exception {
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aRollbackToAVersionTwoReleasesBackIsANewReleaseOfThatVersionWithNoFailedRequest()
      throws Exception {
    Release v1 = scenario.deployAndAwait("v1");
    scenario.deployAndAwait("v2");
    scenario.deployAndAwait("v3");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release back;
    try {
      back = scenario.awaitEnd(rollback("v1"));
    } finally {
      load.stop();
    }
    assertEquals(ReleaseStatus.LIVE, back.getStatus(), back.getReason());
    assertEquals("v1", back.getVersion());
    assertEquals(ReleaseTrigger.ROLLBACK, back.getTrigger());
    assertTrue(back.getReason().contains("release " + v1.getId()), back.getReason());
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
  }

  @Test
  void aRollbackWithoutATargetGoesToTheLastLiveReleaseBeforeTheCurrentOne() {
    scenario.deployAndAwait("v1");
    scenario.deployAndAwait("v2");
    Release back = scenario.awaitEnd(rollback(null));
    assertEquals("v1", back.getVersion());
    assertEquals(ReleaseStatus.LIVE, back.getStatus());
  }

  @Test
  void aRollbackDuringABakeSwapsBackToTheWarmVersionAtOnce() throws Exception {
    Release v1 = scenario.deployAndAwait("v1");
    scenario.configure("", "deploy: {bake: 60s}\n");
    Release baking = scenario.deploy("v2");
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                history.find(baking.getId()).await().atMost(Duration.ofSeconds(10)).getSwitchedAt()
                    != null);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release back;
    try {
      back = scenario.awaitEnd(rollback(null));
    } finally {
      load.stop();
    }
    assertEquals("v1", back.getVersion());
    assertEquals(ReleaseStatus.LIVE, back.getStatus(), back.getReason());
    assertEquals(
        ReleaseStatus.ABORTED,
        history.find(baking.getId()).await().atMost(Duration.ofSeconds(10)).getStatus());
    assertEquals(
        ReleaseStatus.SUPERSEDED,
        history.find(v1.getId()).await().atMost(Duration.ofSeconds(10)).getStatus());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(
        2,
        services.service(scenario.service).orElseThrow().livePool().instances().size(),
        "the warm v1 instances were adopted, not restarted");
  }

  @Test
  void aRollbackToAnUnknownOrNeverLiveReleaseIsRefusedClearly() {
    scenario.deployAndAwait("v1");
    scenario.configure("FAULT_NEVER_HEALTHY: \"1\"", "{interval: 200ms, startup-timeout: 15s}", "");
    Release failed = scenario.deployAndAwait("v2");
    assertEquals(ReleaseStatus.FAILED, failed.getStatus());

    DeployRefusedException unknown =
        assertThrows(DeployRefusedException.class, () -> rollback("v9"));
    assertEquals(404, unknown.status());
    DeployRefusedException neverLive =
        assertThrows(DeployRefusedException.class, () -> rollback("v2"));
    assertEquals(422, neverLive.status());
    assertTrue(neverLive.getMessage().contains("never went live"), neverLive.getMessage());
    DeployRefusedException current =
        assertThrows(DeployRefusedException.class, () -> rollback("v1"));
    assertEquals(409, current.status());
  }

  private Release rollback(String to) {
    return rollbacks.rollback(scenario.service, to).await().atMost(Duration.ofSeconds(60));
  }
}
