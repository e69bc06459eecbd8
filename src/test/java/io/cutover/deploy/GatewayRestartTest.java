package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.DriverRegistry;
import io.cutover.instance.Instance;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.release.ReleaseTrigger;
import io.cutover.service.LiveService;
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

/**
 * What a gateway restart does, without restarting the JVM: the live instances are gone (stopped,
 * pools empty, as after a fresh start), then the start-up restore runs.
 */
@QuarkusTest
class GatewayRestartTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseRestore restore;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject DriverRegistry drivers;
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
  void theLiveReleaseComesBackAndAnInterruptedOneIsFailed() throws Exception {
    Release v1 = scenario.deployAndAwait("v1");
    LiveService live = services.service(scenario.service).orElseThrow();
    // As if the gateway had died: its instances are gone and nothing is routed.
    List<Instance> instances = live.livePool().instances();
    for (Instance instance : instances) {
      drivers
          .driverFor(live.config())
          .stop(instance, Duration.ofSeconds(5))
          .await()
          .atMost(Duration.ofSeconds(30));
    }
    live.pools(List.of());
    // A release that was deploying when it died: recorded, but no rollout drives it.
    Release orphan =
        history
            .create(NewRelease.of(scenario.service, "v2", "bluegreen", ReleaseTrigger.API))
            .chain(r -> history.moveTo(r.getId(), ReleaseStatus.DEPLOYING, null))
            .await()
            .atMost(Duration.ofSeconds(10));

    restore.restoreAll().await().atMost(Duration.ofSeconds(60));

    Release failed = history.find(orphan.getId()).await().atMost(Duration.ofSeconds(10));
    assertEquals(ReleaseStatus.FAILED, failed.getStatus());
    assertTrue(failed.getReason().contains("gateway stopped"), failed.getReason());
    assertEquals(v1.getId(), live.liveReleaseId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> proxy.port() > 0 && routedBackends(live) == 2);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 4);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.total() >= 200);
    load.stop();
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(List.of("v1"), List.copyOf(load.bodies().keySet()));
    assertEquals(
        ReleaseStatus.LIVE,
        history.find(v1.getId()).await().atMost(Duration.ofSeconds(10)).getStatus());
  }

  private int routedBackends(LiveService live) {
    return live.pools().stream()
        .mapToInt(
            p ->
                (int)
                    p.instances().stream()
                        .filter(i -> i.state() == io.cutover.instance.InstanceState.HEALTHY)
                        .count())
        .sum();
  }
}
