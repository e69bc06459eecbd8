package io.cutover.instance.docker;

import static io.cutover.support.LoopbackHttp.awaitAnswering;
import static io.cutover.support.LoopbackHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import io.cutover.config.DockerOptions;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.InstanceState;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The docker driver against the real engine and the images of {@code
 * deploy-tests/docker/build-images.sh}; skipped, saying why, where neither is there.
 */
class DockerDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String IMAGE = "cutover-test/demo:${VERSION}";

  private final String service =
      "dtest-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  private final ExitReports exits = new ExitReports();
  private DockerEngines engines;
  private DockerClient docker;
  private DockerDriver driver;

  @BeforeEach
  void needsAnEngineAndTheTestImages() {
    engines = new DockerEngines(System.getenv());
    docker = engines.client(DockerOptions.defaults());
    String missing = null;
    try {
      docker.pingCmd().exec();
      if (!ImagePull.present(docker, "cutover-test/demo:v1")) {
        missing = "image cutover-test/demo:v1 is missing: run deploy-tests/docker/build-images.sh";
      }
    } catch (RuntimeException e) {
      missing = "no Docker engine answers (" + e.getMessage() + "): .ci/run starts one";
    }
    assumeTrue(missing == null, missing);
    driver = new DockerDriver();
  }

  @AfterEach
  void removeWhatTheTestLeft() {
    if (driver != null) {
      driver.close();
      for (Container c : containers()) { // ours: this test's service label
        DockerDriver.removeQuietly(docker, c.getId());
      }
    }
    engines.close();
  }

  @Test
  void anInstanceRunsInALabelledContainerPublishedOnLoopbackAndAStopRemovesIt() {
    var fixture = ServiceFixture.docker(service, IMAGE).env("GREETING", "hi ${VERSION}");
    Instance instance = driver.start(fixture.spec("v2", 0, 42), exits).await().atMost(WAIT);

    assertEquals("127.0.0.1", instance.host());
    awaitAnswering(instance);
    assertEquals("v2", get(instance.port(), "/").body());
    String id = driver.containerId(instance).orElseThrow();
    InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
    assertEquals(
        Map.of(
            "cutover.service", service,
            "cutover.release", "42",
            "cutover.version", "v2",
            "cutover.instance", "0"),
        inspect.getConfig().getLabels());
    List<String> env = List.of(inspect.getConfig().getEnv());
    assertTrue(env.containsAll(List.of("PORT=3000", "VERSION=v2", "INSTANCE=0", "GREETING=hi v2")));
    assertTrue(env.stream().noneMatch(e -> e.startsWith("QUARKUS_") || e.startsWith("CUTOVER_")));
    var binding =
        inspect.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(3000))[0];
    assertEquals("127.0.0.1", binding.getHostIp());
    assertEquals(Integer.toString(instance.port()), binding.getHostPortSpec());

    driver.stop(instance, Duration.ofSeconds(5)).await().atMost(WAIT);

    assertEquals(InstanceState.STOPPED, instance.state());
    assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(id).exec());
    // SIGTERM, not a kill: the app drained and said so before it went.
    assertTrue(
        instance.logs().lines().contains("demo-app stopped"), instance.logs().lines()::toString);
    assertTrue(exits.isEmpty(), "a stop the gateway asked for is no crash");
  }

  @Test
  void anImageWhoseHealthcheckFailsFailsTheStartWithItsReasonAndLeavesNoContainer() {
    var spec = ServiceFixture.docker(service, IMAGE).spec("unhealthy", 0, 7);

    InstanceStartException e =
        assertThrows(
            InstanceStartException.class, () -> driver.start(spec, exits).await().atMost(WAIT));

    assertTrue(e.getMessage().contains("HEALTHCHECK reported unhealthy"), e.getMessage());
    assertTrue(e.getMessage().contains("demo-app version=unhealthy"), "log lines: " + e);
    assertEquals(List.of(), containers());
  }

  @Test
  void anImageTheEngineDoesNotHaveWithPullNeverFailsSayingWhatToDo() {
    var spec = ServiceFixture.docker(service, IMAGE).spec("nope", 0, 7);

    InstanceStartException e =
        assertThrows(
            InstanceStartException.class, () -> driver.start(spec, exits).await().atMost(WAIT));

    assertTrue(
        e.getMessage()
            .startsWith("image cutover-test/demo:nope not found locally and pull is never"),
        e.getMessage());
  }

  @Test
  void aReleaseCommandRunsInAOneOffContainerOfTheNewImageAndLeavesNone() {
    OneOffResult passed = runOnce(List.of("java", "-version"), WAIT);
    OneOffResult failed = runOnce(List.of("/bin/false"), WAIT);

    assertTrue(passed.succeeded(), passed::toString);
    assertTrue(passed.output().contains("OpenJDK"), passed::toString);
    assertEquals(1, failed.exitCode());
    assertFalse(failed.timedOut());
    assertEquals(List.of(), containers());
  }

  @Test
  void aReleaseCommandStillRunningAtItsTimeoutIsKilledAndFails() {
    OneOffResult result = runOnce(List.of("java", "-cp", "/app", "DemoApp"), Duration.ofSeconds(3));

    assertTrue(result.timedOut(), result::toString);
    assertFalse(result.succeeded());
    assertTrue(result.output().contains("listening"), result::toString);
    assertEquals(List.of(), containers());
  }

  private OneOffResult runOnce(List<String> command, Duration timeout) {
    var config = ServiceFixture.docker(service, IMAGE).config();
    return driver
        .runOnce(new OneOffRun(service, "v3", 9, config, command, timeout))
        .await()
        .atMost(WAIT);
  }

  private List<Container> containers() {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(ContainerLabels.SERVICE, service))
        .exec();
  }
}
