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
import io.cutover.routing.ServiceRoute;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rolling deploys of real demo-app processes through the real proxy, under load. */
@QuarkusTest
class RollingDeployTest {
  private static final String NEVER_HEALTHY_HEALTH =
      "{interval: 200ms, timeout: 1s, healthy-threshold: 2, unhealthy-threshold: 2, startup-timeout: 15s}";

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
  void threeRollingDeploysInARowUnderLoadFailNoRequest() throws Exception {
    // Given three instances of v1 (max-surge 1, max-unavailable 0) and eight clients
    scenario.configure(3, "", "deploy: {strategy: rolling}\n");
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1", "rolling").getStatus());
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    try {
      // When v2, v3 and v4 roll out one after the other
      for (int i = 2; i <= 4; i++) {
        Release release = scenario.deployAndAwait("v" + i, "rolling");
        assertEquals(ReleaseStatus.LIVE, release.getStatus(), release.getReason());
        assertNotNull(release.getSwitchedAt());
      }
    } finally {
      load.stop();
    }
    System.out.println("rolling, 3 deploys of 3 instances: " + load);
    // Then no request failed, and each batch replaced one instance
    assertEquals(0, load.non2xx(), load.toString());
    assertEquals(0, load.connectionErrors(), load.toString());
    assertTrue(load.bodies().containsKey("v4"), load.toString());
    Release last =
        history.live(scenario.service).await().atMost(Duration.ofSeconds(10)).orElseThrow();
    assertEquals("v4", last.getVersion());
    List<String> batch =
        List.of(
            "instances.started",
            "instances.healthy",
            "traffic.shared",
            "drain.finished",
            "instances.stopped");
    List<String> expected = new ArrayList<>(List.of("release.started"));
    expected.addAll(batch);
    expected.addAll(batch);
    expected.addAll(
        List.of(
            "instances.started",
            "instances.healthy",
            "traffic.switched",
            "drain.finished",
            "instances.stopped",
            "release.live"));
    assertEquals(expected, eventTypes(last));
  }

  @Test
  void aRollingDeployOfFourInstancesNeverRoutesToFewerThanFourHealthyOnes() throws Exception {
    // Given four healthy instances of v1 (max-surge 1, max-unavailable 0) under load
    scenario.configure(4, "", "deploy: {strategy: rolling}\n");
    scenario.deployAndAwait("v1", "rolling");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> routedNow() == 4);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release v2;
    RoutedInstancesSampler sampler = RoutedInstancesSampler.start(routes, live());
    try {
      // When v2 rolls out
      v2 = scenario.deployAndAwait("v2", "rolling");
    } finally {
      sampler.close();
      load.stop();
    }
    System.out.println("rolling, 4 instances: " + load + "; " + sampler);
    // Then four healthy instances took traffic at every moment, never more than five ran
    assertEquals(ReleaseStatus.LIVE, v2.getStatus(), v2.getReason());
    assertEquals(4, sampler.minRouted(), sampler.toString());
    assertTrue(sampler.maxInstances() <= 5, sampler.toString());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(4, routedNow());
    assertEquals(List.of("v2"), routedVersions());
  }

  @Test
  void aRollingVersionThatIsNeverHealthyIsRolledBackToFourHealthyOldInstances() throws Exception {
    // Given four instances of v1, replaced one down, one up (max-surge 0, max-unavailable 1)
    String rolling = "deploy: {strategy: rolling, rolling: {max-surge: 0, max-unavailable: 1}}\n";
    scenario.configure(4, "", rolling);
    scenario.deployAndAwait("v1", "rolling");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> routedNow() == 4);
    // And a config change that makes the next version never healthy
    scenario.configure(4, "FAULT_NEVER_HEALTHY: \"1\"", NEVER_HEALTHY_HEALTH, rolling);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release v2;
    RoutedInstancesSampler sampler = RoutedInstancesSampler.start(routes, live());
    try {
      // When v2 rolls out
      v2 = scenario.deployAndAwait("v2", "rolling");
    } finally {
      sampler.close();
      load.stop();
    }
    System.out.println("rolling, never healthy: " + load + "; " + sampler);
    // Then it is rolled back (one v1 instance was already retired) and v1 serves on four again
    assertEquals(ReleaseStatus.ROLLED_BACK, v2.getStatus(), v2.getReason());
    assertTrue(v2.getReason().contains("GET /health answered 500"), v2.getReason());
    assertTrue(eventTypes(v2).contains("instances.restored"), eventTypes(v2).toString());
    assertEquals("v1", live().liveVersion());
    assertEquals(4, routedNow());
    assertEquals(List.of("v1"), routedVersions());
    assertEquals(3, sampler.minRouted(), sampler.toString());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(List.of("v1"), List.copyOf(load.bodies().keySet()), load.toString());
  }

  private LiveService live() {
    return services.service(scenario.service).orElseThrow();
  }

  private ServiceRoute route() {
    return routes.current().service(scenario.service);
  }

  private int routedNow() {
    return RoutedInstancesSampler.routed(route());
  }

  private List<String> routedVersions() {
    return route().pools().stream()
        .filter(pool -> pool.weight() > 0 && !pool.isEmpty())
        .map(Pool::version)
        .toList();
  }

  private List<String> eventTypes(Release release) {
    return history.events(release.getId()).await().atMost(Duration.ofSeconds(10)).stream()
        .map(ReleaseEvent::getType)
        .toList();
  }
}
