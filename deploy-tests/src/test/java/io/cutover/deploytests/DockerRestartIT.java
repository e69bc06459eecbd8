package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway restart is no outage for containers: the restarted gateway adopts the live release's
 * running containers as they are (same container, not restarted), serves them with no failed
 * request, and removes the container of a release that is over.
 */
class DockerRestartIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
  private Gateway gateway;
  private String leftover;

  @BeforeEach
  void create() {
    Gateway.assumeDatabase();
    TestEngine.assumeEngine();
    gateway = Gateway.create("", TestEngine.driverYaml(""));
  }

  @AfterEach
  void removeEverything() throws Exception {
    if (gateway == null) {
      return;
    }
    try {
      if (gateway.alive()) {
        TestEngine.removeService(gateway);
      }
    } finally {
      gateway.close();
      List<Container> left = TestEngine.containers(gateway.service);
      TestEngine.removeLeftovers(gateway.service);
      assertEquals(Set.of(), ids(left), "containers left after the test");
    }
  }

  @Test
  void aRestartedGatewayAdoptsTheLiveContainersAndRemovesThoseOfEndedReleases() throws Exception {
    gateway.start();
    long v1 = gateway.deploy("v1", "bluegreen");
    gateway.awaitLive(v1, RELEASE_TIMEOUT);
    long v2 = gateway.deploy("v2", "bluegreen");
    gateway.awaitLive(v2, RELEASE_TIMEOUT);
    Map<String, String> liveBefore = startedAtById(gateway.service);
    assertEquals(2, liveBefore.size(), () -> "containers of v2: " + liveBefore);
    // What a gateway killed mid-drain would leave: a container of v1's release, which is over.
    leftover = startEndedReleaseContainer(gateway.service, v1);

    gateway.stop();
    assertEquals(
        liveBefore.keySet(),
        startedAtById(gateway.service).keySet().stream()
            .filter(id -> !id.equals(leftover))
            .collect(Collectors.toSet()),
        "the live containers outlive the gateway");

    gateway.start();
    long restarted = System.nanoTime();
    await("the live release answers again after the restart")
        .atMost(RELEASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> Load.once(gateway.proxyPort).startsWith("200 "));
    long firstOkMillis = (System.nanoTime() - restarted) / 1_000_000;
    Load.Result after;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(5))) {
      await("5 s of load after the restart")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(load::hitDeadline);
      after = load.stop();
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=docker-gateway-restart requests=%d non2xx=%d connErrors=%d"
            + " firstOkAfterReadyMs=%d statuses=%s%n",
        after.requests(),
        after.non2xx(),
        after.connErrors(),
        firstOkMillis,
        after.statuses());
    Gateway.assertNoFailures("load after the restart", after);
    assertTrue(after.requests() > 0, "no request was sent after the restart");
    assertEquals("200 v2", Load.once(gateway.proxyPort));
    await("the ended release's container removed")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !startedAtById(gateway.service).containsKey(leftover));
    assertEquals(
        liveBefore, startedAtById(gateway.service), "the same containers, never restarted");
  }

  /** The service's running containers: id to the time the engine started each. */
  private static Map<String, String> startedAtById(String service) {
    return TestEngine.containers(service).stream()
        .filter(c -> "running".equals(c.getState()))
        .collect(
            Collectors.toMap(
                Container::getId,
                c ->
                    TestEngine.client()
                        .inspectContainerCmd(c.getId())
                        .exec()
                        .getState()
                        .getStartedAt()));
  }

  private static String startEndedReleaseContainer(String service, long release) {
    String id =
        TestEngine.client()
            .createContainerCmd(TestEngine.IMAGE + ":v1")
            .withName("cutover-" + service + "-v1-0-leftover")
            .withEnv("PORT=3000")
            .withLabels(
                Map.of(
                    "cutover.service",
                    service,
                    "cutover.release",
                    Long.toString(release),
                    "cutover.version",
                    "v1",
                    "cutover.instance",
                    "0"))
            .exec()
            .getId();
    TestEngine.client().startContainerCmd(id).exec();
    return id;
  }

  private static Set<String> ids(List<Container> containers) {
    return containers.stream().map(c -> c.getId().substring(0, 12)).collect(Collectors.toSet());
  }
}
