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
import io.cutover.config.LimitsConfig;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes driver against {@link TestCluster}: here {@link MockCluster}, fabric8's API server
 * mock in CRUD mode with watches and a test kubelet that runs each pod as a real HTTP server on its
 * own loopback address. The mock stands in for a cluster, which cannot run on this machine; what a
 * kubelet would do (phases, readiness, ErrImagePull, CrashLoopBackOff, Unschedulable, events, logs)
 * is the test kubelet's. With {@code KUBECONFIG} set the same tests run against that cluster
 * ({@link RealCluster} says what it needs).
 */
class KubernetesDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  private final String service =
      "k8s-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  private final ExitReports exits = new ExitReports();
  private final int port = LoopbackHttp.freePort();
  private TestCluster cluster;
  private KubernetesClient api;
  private KubernetesDriver driver;

  @BeforeEach
  void startTheMockCluster() {
    cluster = TestCluster.create();
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
    Instance instance = driver.start(spec("v2", 0, 42).build(), exits).await().atMost(WAIT);

    Pod pod = onlyPod();
    assertEquals(
        Map.of(
            "cutover.service", service,
            "cutover.release", "42",
            "cutover.version", "v2",
            "cutover.instance", "0"),
        pod.getMetadata().getLabels());
    Container app = pod.getSpec().getContainers().get(0);
    assertEquals(cluster.image().replace("${VERSION}", "v2"), app.getImage());
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
                    .start(
                        spec("v3", 0, 1)
                            .image("registry.invalid/cutover-missing:${VERSION}")
                            .build(),
                        exits)
                    .await()
                    .atMost(WAIT));

    assertTrue(error.getMessage().startsWith("pod cutover-" + service), error.getMessage());
    assertTrue(
        error.getMessage().contains("ErrImagePull")
            || error.getMessage().contains("ImagePullBackOff"),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("Failed to pull image \"registry.invalid/cutover-missing:v3\""),
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
                    .start(spec("v4", 0, 1).env("FAULT_CRASH_AFTER", "100ms").build(), exits)
                    .await()
                    .atMost(WAIT));

    assertTrue(error.getMessage().contains(": CrashLoopBackOff"), error.getMessage());
    assertTrue(
        error.getMessage().contains("BackOff: Back-off restarting failed container"),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("last log lines:\ndemo-app fault crash-after=100ms"),
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
                    .start(
                        spec("v5", 0, 1).memory("64Ti").startup(Duration.ofSeconds(2)).build(),
                        exits)
                    .await()
                    .atMost(WAIT));

    assertTrue(
        error.getMessage().contains("not Ready within health.startup-timeout (Unschedulable ("),
        error.getMessage());
    assertTrue(error.getMessage().contains("events: FailedScheduling: 0/"), error.getMessage());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void aStartGivenUpDeletesItsPod() {
    var start =
        driver
            .start(
                spec("v6", 0, 1)
                    .env("FAULT_NEVER_HEALTHY", "1")
                    .startup(Duration.ofMinutes(5)) // its own timeout would delete it too
                    .build(),
                exits)
            .subscribe()
            .with(instance -> {}, failure -> {});
    await().atMost(WAIT).until(() -> pods().size() == 1);

    start.cancel(); // as an abort does to a start under way

    await().atMost(Duration.ofSeconds(10)).until(() -> pods().isEmpty());
  }

  @Test
  void aPodDeletedByAnotherIsReportedAsAnExit() {
    Instance instance = driver.start(spec("v1", 0, 1).build(), exits).await().atMost(WAIT);

    api.pods().inNamespace(api.getNamespace()).withName(onlyPod().getMetadata().getName()).delete();

    await().atMost(WAIT).until(() -> !exits.isEmpty());
    assertEquals(instance, exits.all().get(0).instance());
    assertEquals(InstanceState.STOPPED, instance.state());
  }

  @Test
  void aRestartedGatewayAdoptsTheLiveReleasesReadyPodAndDeletesThoseOfOlderReleases() {
    Instance live = driver.start(spec("v2", 0, 8).build(), exits).await().atMost(WAIT);
    driver.start(spec("v1", 0, 7).build(), exits).await().atMost(WAIT);
    // A release newer than the live one: another gateway on the same database may run it now.
    Instance newer = driver.start(spec("v3", 0, 9).build(), exits).await().atMost(WAIT);
    String livePod = driver.podName(live).orElseThrow();
    String newerPod = driver.podName(newer).orElseThrow();
    driver.close(); // the gateway went: its pods stay

    KubernetesDriver restarted = new KubernetesDriver(cluster::newClient);
    try {
      Instance adopted = restarted.start(spec("v2", 0, 8).build(), exits).await().atMost(WAIT);
      restarted.restoreEnded(Map.of(service, 8L)).await().atMost(WAIT);

      assertEquals(live.id(), adopted.id());
      assertEquals(live.host() + ":" + live.port(), adopted.host() + ":" + adopted.port());
      assertEquals("v2", LoopbackHttp.get(adopted.host(), adopted.port(), "/").body());
      await()
          .atMost(WAIT)
          .until(
              () -> pods().stream().map(p -> p.getMetadata().getName()).sorted().toList(),
              Stream.of(livePod, newerPod).sorted().toList()::equals);
    } finally {
      restarted.close();
    }
  }

  @Test
  void aReleaseCommandRunsInAOneOffPodThatIsDeletedAfter() {
    OneOffResult ok =
        driver
            .runOnce(run(List.of("java", "-version"), Duration.ofSeconds(60)))
            .await()
            .atMost(WAIT);
    OneOffResult failed =
        driver.runOnce(run(List.of("/bin/false"), Duration.ofSeconds(60))).await().atMost(WAIT);

    assertTrue(ok.succeeded(), ok.toString());
    assertTrue(ok.output().contains("version"), ok.output());
    assertEquals(1, failed.exitCode());
    assertFalse(failed.timedOut());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void aReleaseCommandPastItsTimeoutIsKilled() {
    // No args: the image's own command, the demo app, which serves until it is killed.
    OneOffResult result =
        driver.runOnce(run(List.of(), Duration.ofSeconds(1))).await().atMost(WAIT);

    assertTrue(result.timedOut());
    assertFalse(result.succeeded());
    await().atMost(WAIT).until(() -> pods().isEmpty());
  }

  @Test
  void noApiAtTheConfiguredAddressFailsTheReleaseSayingWhatToSet() {
    int closed = LoopbackHttp.freePort();
    KubernetesDriver nowhere =
        new KubernetesDriver(
            () ->
                new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                    .withConfig(
                        new io.fabric8.kubernetes.client.ConfigBuilder()
                            .withMasterUrl("http://127.0.0.1:" + closed)
                            .withNamespace("web")
                            // The default (10 tries, doubling from 100 ms) takes ~25 s to give up.
                            .withRequestRetryBackoffLimit(0)
                            .build())
                    .build());
    try {
      InstanceStartException error =
          assertThrows(
              InstanceStartException.class,
              () -> nowhere.prepare(spec("v1", 0, 1).build(), p -> {}).await().atMost(WAIT));

      assertTrue(
          error
              .getMessage()
              .startsWith(
                  "could not list the pods of namespace web: no Kubernetes API"
                      + " answers at http://127.0.0.1:"
                      + closed),
          error.getMessage());
      assertTrue(
          error.getMessage().endsWith("set KUBECONFIG, or run the gateway in the cluster"),
          error.getMessage());
    } finally {
      nowhere.close();
    }
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
    return new OneOffRun(service, "v9", 9, spec("v9", 0, 9).build().config(), command, timeout);
  }

  private Spec spec(String version, int index, long release) {
    return new Spec(version, index, release);
  }

  /** An instance spec of the demo app; a test names only what it changes. */
  private final class Spec {
    private final String version;
    private final int index;
    private final long release;
    private String image = cluster.image();
    private final Map<String, String> env =
        new java.util.TreeMap<>(Map.of("GREETING", "hi ${VERSION}"));
    private String memory = "64Mi";
    private Duration startup = cluster.startupTimeout();

    Spec(String version, int index, long release) {
      this.version = version;
      this.index = index;
      this.release = release;
    }

    Spec image(String image) {
      this.image = image;
      return this;
    }

    Spec env(String key, String value) {
      env.put(key, value);
      return this;
    }

    Spec memory(String memory) {
      this.memory = memory;
      return this;
    }

    Spec startup(Duration startup) {
      this.startup = startup;
      return this;
    }

    InstanceSpec build() {
      HealthConfig h = HealthConfig.defaults();
      ServiceConfig config =
          new ServiceConfig(
              service,
              new RoutesConfig(List.of(service + ".localhost"), "/"),
              1,
              new DriverConfig(
                  DriverType.KUBERNETES,
                  List.of(),
                  ".",
                  env,
                  image,
                  null,
                  new KubernetesOptions(port, null, "250m", memory)),
              new HealthConfig(
                  h.path(),
                  h.interval(),
                  h.timeout(),
                  h.gracePeriod(),
                  h.healthyThreshold(),
                  h.unhealthyThreshold(),
                  startup),
              new DrainConfig(Duration.ofSeconds(10), Duration.ofSeconds(5)),
              DeployConfig.defaults(),
              LimitsConfig.GATEWAY_DEFAULTS,
              List.of());
      return new InstanceSpec(service, version, index, config, null, release);
    }
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
