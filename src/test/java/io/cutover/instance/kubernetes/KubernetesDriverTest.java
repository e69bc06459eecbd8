package io.cutover.instance.kubernetes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.DeployConfig;
import io.cutover.config.DrainConfig;
import io.cutover.config.DriverConfig;
import io.cutover.config.DriverType;
import io.cutover.config.HealthConfig;
import io.cutover.config.KubernetesOptions;
import io.cutover.config.RoutesConfig;
import io.cutover.config.ServiceConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.InstanceState;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.support.ExitReports;
import io.cutover.support.LoopbackHttp;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes driver against {@link MockCluster}: fabric8's API server mock in CRUD mode with
 * watches and a test kubelet that runs each pod as a real loopback HTTP server. The mock stands in
 * for a cluster, which cannot run on this machine; what a kubelet would do (phases, readiness,
 * ImagePullBackOff, CrashLoopBackOff, Unschedulable, events, logs) is the test kubelet's.
 */
class KubernetesDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final String service =
      "k8s-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  private final ExitReports exits = new ExitReports();
  private final int port = LoopbackHttp.freePort();
  private MockCluster cluster;
  private KubernetesClient api;
  private KubernetesDriver driver;

  @BeforeEach
  void startTheMockCluster() {
    cluster = MockCluster.start();
    api = cluster.client();
    driver = new KubernetesDriver(cluster::newClient);
  }

  @AfterEach
  void stopIt() {
    driver.close();
    cluster.close();
  }

  @Test
  void anInstanceRunsInALabelledPodAndIsRoutedToItsPodIpAndPort() {
    Instance instance =
        driver.start(spec("web:${VERSION}", "v2", 0, 42), exits).await().atMost(WAIT);

    Pod pod = onlyPod();
    assertEquals(
        Map.of(
            "cutover.service", service,
            "cutover.release", "42",
            "cutover.version", "v2",
            "cutover.instance", "0"),
        pod.getMetadata().getLabels());
    Container app = pod.getSpec().getContainers().get(0);
    assertEquals("web:v2", app.getImage());
    Map<String, String> env =
        app.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertEquals(Integer.toString(port), env.get("PORT"));
    assertEquals("hi v2", env.get("GREETING"));
    assertEquals("250m", app.getResources().getRequests().get("cpu").toString());
    assertEquals("64Mi", app.getResources().getLimits().get("memory").toString());
    assertEquals("/health", app.getReadinessProbe().getHttpGet().getPath());
    assertEquals(5L, pod.getSpec().getTerminationGracePeriodSeconds());
    assertEquals(pod.getStatus().getPodIP(), instance.host());
    assertNotEquals("127.0.0.1", instance.host(), "a pod's own loopback address");
    assertEquals(port, instance.port());
    assertEquals("v2", LoopbackHttp.get(instance.host(), instance.port(), "/").body());
    await().atMost(WAIT).until(() -> instance.logs().last(5).contains("version v2"));

    driver.stop(instance, Duration.ofSeconds(5)).await().atMost(WAIT);

    assertEquals(InstanceState.STOPPED, instance.state());
    assertEquals(List.of(), pods());
    assertTrue(exits.isEmpty(), "a stop is no exit");
  }

  @Test
  void anImageThatCannotBePulledFailsTheStartWithTheKubeletsWords() {
    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () ->
                driver
                    .start(spec("registry.invalid/pull-fails:${VERSION}", "v3", 0, 1), exits)
                    .await()
                    .atMost(WAIT));

    assertTrue(error.getMessage().startsWith("pod cutover-" + service), error.getMessage());
    assertTrue(
        error.getMessage().contains("ErrImagePull")
            || error.getMessage().contains("ImagePullBackOff"),
        error.getMessage());
    assertTrue(
        error
            .getMessage()
            .contains("events: Failed: Failed to pull image \"registry.invalid/pull-fails:v3\""),
        error.getMessage());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void aCrashLoopFailsTheStartWithThePodsLastLogLines() {
    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () ->
                driver
                    .start(spec("web-crashes:${VERSION}", "v4", 0, 1), exits)
                    .await()
                    .atMost(WAIT));

    assertTrue(error.getMessage().contains(": CrashLoopBackOff"), error.getMessage());
    assertTrue(
        error.getMessage().contains("BackOff: Back-off restarting failed container"),
        error.getMessage());
    assertTrue(
        error.getMessage().endsWith("last log lines:\nstarting v4\nFATAL: DATABASE_URL is not set"),
        error.getMessage());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void anUnschedulablePodFailsAtTheStartupTimeoutWithTheSchedulersWords() {
    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () ->
                driver
                    .start(spec("web-unschedulable:${VERSION}", "v5", 0, 1), exits)
                    .await()
                    .atMost(WAIT));

    assertTrue(
        error
            .getMessage()
            .contains(
                "not Ready within health.startup-timeout (Unschedulable (0/3 nodes are available: 3 Insufficient memory."),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("events: FailedScheduling: 0/3 nodes"), error.getMessage());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void aPodDeletedByAnotherIsReportedAsAnExit() {
    Instance instance =
        driver.start(spec("web:${VERSION}", "v1", 0, 1), exits).await().atMost(WAIT);

    api.pods().inNamespace(api.getNamespace()).withName(onlyPod().getMetadata().getName()).delete();

    await().atMost(WAIT).until(() -> !exits.isEmpty());
    assertEquals(instance, exits.all().get(0).instance());
    assertEquals(InstanceState.STOPPED, instance.state());
  }

  @Test
  void aRestartedGatewayAdoptsTheLiveReleasesReadyPodAndDeletesTheEndedOnes() {
    Instance live = driver.start(spec("web:${VERSION}", "v2", 0, 8), exits).await().atMost(WAIT);
    driver.start(spec("web:${VERSION}", "v1", 0, 7), exits).await().atMost(WAIT);
    String livePod = driver.podName(live).orElseThrow();
    driver.close(); // the gateway went: its pods stay

    KubernetesDriver restarted = new KubernetesDriver(cluster::newClient);
    try {
      Instance adopted =
          restarted.start(spec("web:${VERSION}", "v2", 0, 8), exits).await().atMost(WAIT);
      restarted.restoreEnded(Map.of(service, 8L)).await().atMost(WAIT);

      assertEquals(live.id(), adopted.id());
      assertEquals(live.host() + ":" + live.port(), adopted.host() + ":" + adopted.port());
      assertEquals("v2", LoopbackHttp.get(adopted.host(), adopted.port(), "/").body());
      await()
          .atMost(WAIT)
          .until(
              () -> pods().stream().map(p -> p.getMetadata().getName()).toList(),
              List.of(livePod)::equals);
    } finally {
      restarted.close();
    }
  }

  @Test
  void aReleaseCommandRunsInAOneOffPodThatIsDeletedAfter() {
    OneOffResult ok =
        driver.runOnce(run(List.of("bin/migrate"), Duration.ofSeconds(10))).await().atMost(WAIT);
    OneOffResult failed =
        driver
            .runOnce(run(List.of("bin/migrate", "exit-1"), Duration.ofSeconds(10)))
            .await()
            .atMost(WAIT);

    assertTrue(ok.succeeded(), ok.toString());
    assertTrue(ok.output().contains("migrated to v9"), ok.output());
    assertEquals(1, failed.exitCode());
    assertFalse(failed.timedOut());
    assertTrue(failed.output().contains("migration failed for v9"), failed.output());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void aReleaseCommandPastItsTimeoutIsKilled() {
    OneOffResult result =
        driver.runOnce(run(List.of("sleep"), Duration.ofMillis(500))).await().atMost(WAIT);

    assertTrue(result.timedOut());
    assertFalse(result.succeeded());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void noClientIsMadeUntilAServiceNeedsOne() {
    KubernetesDriver idle =
        new KubernetesDriver(
            () -> {
              throw new AssertionError("no client may be made");
            });

    assertEquals("kubernetes", idle.type());
    idle.restoreEnded(Map.of("web", 1L)).await().atMost(WAIT);
    idle.close();
  }

  private OneOffRun run(List<String> command, Duration timeout) {
    return new OneOffRun(
        service, "v9", 9, config("web:${VERSION}", Duration.ofSeconds(5)), command, timeout);
  }

  private InstanceSpec spec(String image, String version, int index, long release) {
    Duration startup =
        image.contains("unschedulable") ? Duration.ofSeconds(1) : Duration.ofSeconds(15);
    return new InstanceSpec(service, version, index, config(image, startup), null, release);
  }

  private ServiceConfig config(String image, Duration startupTimeout) {
    HealthConfig h = HealthConfig.defaults();
    return new ServiceConfig(
        service,
        new RoutesConfig(List.of(service + ".localhost"), "/"),
        1,
        new DriverConfig(
            DriverType.KUBERNETES,
            List.of(),
            ".",
            Map.of("GREETING", "hi ${VERSION}"),
            image,
            null,
            new KubernetesOptions(port, null, "250m", "64Mi")),
        new HealthConfig(
            h.path(),
            h.interval(),
            h.timeout(),
            h.gracePeriod(),
            h.healthyThreshold(),
            h.unhealthyThreshold(),
            startupTimeout),
        new DrainConfig(Duration.ofSeconds(10), Duration.ofSeconds(5)),
        DeployConfig.defaults(),
        List.of());
  }

  private Pod onlyPod() {
    List<Pod> pods = pods();
    assertEquals(1, pods.size(), pods.toString());
    return pods.get(0);
  }

  private List<Pod> pods() {
    return api.pods()
        .inNamespace(api.getNamespace())
        .withLabel("cutover.service", service)
        .list()
        .getItems();
  }
}
