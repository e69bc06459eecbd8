package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.kubernetes.MockCluster;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every strategy deploys a kubernetes service under load through the running gateway: its pods are
 * created through the API, its instances are the test kubelet's real HTTP servers at their pod IPs
 * (127.0.0.x), and a never-retrying client counts every failure. The cluster is {@link
 * MockCluster}, fabric8's API server mock, standing in for a cluster that cannot run here.
 */
@QuarkusTest
class KubernetesDeployTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  private final int port = LoopbackHttp.freePort();
  private Vertx vertx;
  private DeployScenario scenario;

  @BeforeEach
  void start() {
    MockCluster.shared(); // before the gateway's client is made: it points the client at the mock
    vertx = Vertx.vertx();
    scenario = new DeployScenario(executor, history, services);
  }

  @AfterEach
  void stop() throws Exception {
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void blueGreenDeploysOfPodsUnderLoadFailNoRequest() throws Exception {
    deployUnderLoad("bluegreen");
  }

  @Test
  void rollingDeploysOfPodsUnderLoadFailNoRequest() throws Exception {
    deployUnderLoad("rolling");
  }

  @Test
  void canaryDeploysOfPodsUnderLoadFailNoRequest() throws Exception {
    deployUnderLoad("canary");
  }

  @Test
  void immediateDeploysWithHoldOfPodsUnderLoadFailNoRequest() throws Exception {
    deployUnderLoad("immediate");
  }

  @Test
  void aReleaseCommandPodThatExitsOneFailsTheReleaseBeforeAnyInstanceStarts() {
    scenario.write(yaml("deploy: {release-command: [bin/migrate, exit-1]}\n"));

    Release release = scenario.deployAndAwait("v1");

    assertEquals(ReleaseStatus.FAILED, release.getStatus());
    assertTrue(release.getReason().contains("migration failed for v1"), release.getReason());
    assertTrue(
        scenario.events(release).stream().noneMatch(e -> e.getType().equals("instances.started")),
        "no instance started");
  }

  private void deployUnderLoad(String strategy) throws Exception {
    // Given v1 live in two pods
    scenario.write(yaml(EveryStrategyDeployYaml.TEXT));
    Release v1 = scenario.deployAndAwait("v1", "bluegreen");
    assertEquals(ReleaseStatus.LIVE, v1.getStatus(), v1.getReason());
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    try {
      // When v2 is deployed with the strategy
      Release v2 = scenario.deployAndAwait("v2", strategy);
      assertEquals(ReleaseStatus.LIVE, v2.getStatus(), v2.getReason());
    } finally {
      load.stop();
    }
    System.out.println("kubernetes " + strategy + ": " + load);
    // Then no request failed and v2 answered
    assertEquals(0, load.non2xx(), load.toString());
    assertEquals(0, load.connectionErrors(), load.toString());
    assertTrue(load.bodies().containsKey("v2"), load.toString());
  }

  private String yaml(String extra) {
    return "routes: {hosts: [\""
        + scenario.host()
        + "\"]}\n"
        + "instances: 2\n"
        + "driver:\n  type: kubernetes\n  image: \"web:${VERSION}\"\n  port: "
        + port
        + "\n"
        + "health: "
        + DeployScenario.FAST_HEALTH
        + "\n"
        + "drain: {timeout: 5s, stop-timeout: 2s}\n"
        + extra;
  }

  /** Canary steps short enough for a test; {@code hold} so immediate fails no request. */
  private static final class EveryStrategyDeployYaml {
    static final String TEXT =
        String.join(
            "\n",
            "deploy:",
            "  analysis: {min-requests: 20, max-p99-increase: 8}",
            "  canary:",
            "    steps: [{weight: 20, pause: 2s}, {weight: 50, pause: 2s}]",
            "  immediate:",
            "    hold: 30s",
            "");
  }
}
