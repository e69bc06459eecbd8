package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.DriverRegistry;
import io.cutover.instance.Instance;
import io.cutover.instance.kubernetes.KubernetesDriver;
import io.cutover.instance.kubernetes.MockCluster;
import io.cutover.instance.kubernetes.TestCluster;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackHttp;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
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
  @Inject ReleaseRestore restore;
  @Inject DriverRegistry drivers;

  private final int port = LoopbackHttp.freePort();
  private Vertx vertx;
  private DeployScenario scenario;
  private TestCluster cluster;

  @BeforeEach
  void start() {
    // Before the gateway's client is made: the mock points it at itself.
    cluster = TestCluster.forGateway();
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
    scenario.write(yaml("deploy: {release-command: [/bin/false]}\n"));

    Release release = scenario.deployAndAwait("v1");

    assertEquals(ReleaseStatus.FAILED, release.getStatus());
    assertTrue(release.getReason().contains("exited 1"), release.getReason());
    assertTrue(
        scenario.events(release).stream().noneMatch(e -> e.getType().equals("instances.started")),
        "no instance started");
  }

  @Test
  void anImageThatCannotBePulledFailsTheReleaseWithTheKubeletsWords() {
    scenario.write(
        yaml("").replace(cluster.image(), "registry.invalid/cutover-missing:${VERSION}"));

    Release release = scenario.deployAndAwait("v1");

    assertEquals(ReleaseStatus.FAILED, release.getStatus());
    assertTrue(
        release.getReason().contains("ErrImagePull")
            || release.getReason().contains("ImagePullBackOff"),
        release.getReason());
    assertTrue(release.getReason().contains("Failed to pull image"), release.getReason());
  }

  @Test
  void aRestartedGatewayAdoptsTheLivePodsAndDeletesThoseOfEndedReleases() throws Exception {
    // Given v1 live in two pods, and a pod of a release that is over (a killed gateway's)
    scenario.write(yaml(""));
    Release v1 = scenario.deployAndAwait("v1");
    assertEquals(ReleaseStatus.LIVE, v1.getStatus(), v1.getReason());
    LiveService live = services.service(scenario.service).orElseThrow();
    List<String> ids = live.livePool().instances().stream().map(Instance::id).sorted().toList();
    List<String> podsBefore = podNames();
    String ended = strayPodOfRelease(v1.getId() - 1_000_000);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> podNames().contains(ended));

    // When the gateway goes (its pods stay) and a new one restores the live release
    ((KubernetesDriver) drivers.driverFor(live.config())).close();
    live.pools(List.of());
    restore.restoreAll().await().atMost(Duration.ofSeconds(60));

    // Then it routes to the same pods, with the same instances, and the ended one is deleted
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> podNames().equals(podsBefore));
    assertEquals(ids, live.livePool().instances().stream().map(Instance::id).sorted().toList());
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                live.livePool().instances().stream()
                        .filter(i -> i.state() == io.cutover.instance.InstanceState.HEALTHY)
                        .count()
                    == 2);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 4);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.total() >= 200);
    load.stop();
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(List.of("v1"), List.copyOf(load.bodies().keySet()));
  }

  private List<String> podNames() {
    return cluster
        .client()
        .pods()
        .withLabel("cutover.service", scenario.service)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  private String strayPodOfRelease(long release) {
    String name = "cutover-" + scenario.service + "-stray";
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(
                Map.of(
                    "cutover.service",
                    scenario.service,
                    "cutover.release",
                    Long.toString(release),
                    "cutover.version",
                    "v0",
                    "cutover.instance",
                    "0"))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage(cluster.image().replace("${VERSION}", "v0"))
            .addNewEnv()
            .withName("VERSION")
            .withValue("v0")
            .endEnv()
            .addNewPort()
            .withContainerPort(port)
            .endPort()
            .endContainer()
            .endSpec()
            .build();
    cluster.client().pods().resource(pod).create();
    return name;
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
        + "driver:\n  type: kubernetes\n  image: \""
        + cluster.image()
        + "\"\n  port: "
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
