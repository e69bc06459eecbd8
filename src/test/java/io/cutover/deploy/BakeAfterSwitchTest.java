package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.Pool;
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

/** {@code deploy.bake} after the switch of every strategy: rolling and immediate too. */
@QuarkusTest
class BakeAfterSwitchTest {
  private static final String FAULTY = "FAULT_ERROR_RATE: \"0.5\"";

  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;
  @Inject LiveRouteTable routes;

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
  void aRollingVersionFailingItsBakeIsRolledBackWithTheRetiredOldInstancesStartedAgain()
      throws Exception {
    rolledBackInBake("rolling");
  }

  @Test
  void anImmediateVersionFailingItsBakeIsRolledBackWithTheOldVersionStartedAgain()
      throws Exception {
    rolledBackInBake("immediate");
  }

  @Test
  void aRollingVersionThatPassesItsBakeGoesLiveAfterIt() throws Exception {
    scenario.configure(2, "", "deploy: {strategy: rolling}\n");
    scenario.deployAndAwait("v1", "rolling");
    scenario.configure(2, "", "deploy: {strategy: rolling, bake: 2s}\n");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 4);
    Release v2;
    try {
      v2 = scenario.deployAndAwait("v2", "rolling");
    } finally {
      load.stop();
    }
    assertEquals(ReleaseStatus.LIVE, v2.getStatus(), v2.getReason());
    List<String> types = types(v2);
    int switched = types.indexOf("traffic.switched");
    assertEquals(
        List.of("traffic.switched", "bake.started", "bake.passed"),
        types.subList(switched, switched + 3),
        types.toString());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
  }

  /** v1 on two instances, then v2 answering half its requests with 500, baked 30 s under load. */
  private void rolledBackInBake(String strategy) throws Exception {
    String deploy = "deploy: {strategy: " + strategy + ", immediate: {hold: 30s}}\n";
    scenario.configure(2, "", deploy);
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1", strategy).getStatus());
    scenario.configure(
        2, FAULTY, "deploy: {strategy: " + strategy + ", bake: 30s, immediate: {hold: 30s}}\n");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 4);
    Release v2;
    try {
      v2 = scenario.deployAndAwait("v2", strategy);
    } finally {
      load.stop();
    }
    System.out.printf("%s bake failure: clients %s; reason %s%n", strategy, load, v2.getReason());
    assertEquals(ReleaseStatus.ROLLED_BACK, v2.getStatus(), v2.getReason());
    assertNotNull(v2.getSwitchedAt());
    assertTrue(v2.getReason().contains("error rate"), v2.getReason());
    // The rollback's own release is recorded after the failed one has ended.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> types(v2).contains("rollback.recorded"));
    List<String> types = types(v2);
    int bake = types.indexOf("bake.started");
    assertTrue(bake > types.indexOf("traffic.switched"), types.toString());
    assertEquals("bake.failed", types.get(bake + 1), types.toString());
    assertTrue(types.indexOf("instances.restored") > bake, types.toString());
    assertTrue(types.indexOf("traffic.reverted") > bake, types.toString());
    // The old version serves again: recorded as a release of its own (trigger auto-rollback).
    assertEquals(
        List.of("release.rolled_back", "rollback.recorded"),
        types.subList(types.size() - 2, types.size()),
        types.toString());
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                routes.current().service(scenario.service).pools().stream()
                    .filter(p -> p.weight() > 0 && !p.isEmpty())
                    .map(Pool::version)
                    .toList()
                    .equals(List.of("v1")));
    assertEquals(2, services.service(scenario.service).orElseThrow().livePool().instances().size());
  }

  private List<String> types(Release release) {
    return scenario.events(release).stream().map(ReleaseEvent::getType).toList();
  }
}
