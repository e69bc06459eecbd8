package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A docker service whose new version cannot serve: the release fails with a reason a person can act
 * on, nothing switches, and the live version keeps serving every request.
 */
class DockerFailuresIT extends DockerSuite {

  @Test
  void anImageWhoseHealthcheckFailsFailsTheReleaseWhileTheOldVersionServesEveryRequest()
      throws Exception {
    String live = gateway.awaitSettled(RELEASE_TIMEOUT);
    JsonNode release;
    Load.Result result;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(90))) {
      release = gateway.awaitEnded(gateway.deploy("unhealthy", "bluegreen"), RELEASE_TIMEOUT);
      result = load.stop();
    }
    print("docker-unhealthy-image", result);
    assertEquals("failed", release.path("status").asText(), release::toString);
    assertTrue(
        release.path("reason").asText().contains("HEALTHCHECK reported unhealthy"),
        release::toString);
    assertTrue(release.path("switchedAt").isNull(), release::toString);
    Gateway.assertNoFailures("load while the unhealthy image failed", result);
    assertEquals("200 " + live, Load.once(gateway.proxyPort));
  }

  @Test
  void anImageTheEngineDoesNotHaveFailsTheReleaseSayingSo() throws Exception {
    String live = gateway.awaitSettled(RELEASE_TIMEOUT);
    JsonNode release = gateway.awaitEnded(gateway.deploy("nope", "bluegreen"), RELEASE_TIMEOUT);
    assertEquals("failed", release.path("status").asText(), release::toString);
    assertTrue(
        release
            .path("reason")
            .asText()
            .contains("image cutover-test/demo:nope not found locally and pull is never"),
        release::toString);
    assertEquals("200 " + live, Load.once(gateway.proxyPort));
  }

  @Test
  void aReleaseCommandExitingOneFailsTheReleaseBeforeAnyInstanceStartsAndOneExitingZeroPasses()
      throws Exception {
    String live = gateway.awaitSettled(RELEASE_TIMEOUT);
    try {
      gateway.reconfigure("", "60s", "  release-command: [\"/bin/false\"]");
      String failing = version();
      JsonNode failed = gateway.awaitEnded(gateway.deploy(failing, "bluegreen"), RELEASE_TIMEOUT);
      assertEquals("failed", failed.path("status").asText(), failed::toString);
      assertTrue(
          failed.path("reason").asText().contains("release command /bin/false exited 1"),
          failed::toString);
      List<String> types = eventTypes(failed);
      assertTrue(types.contains("release_command.failed"), types::toString);
      assertTrue(!types.contains("instances.started"), () -> "an instance started: " + types);
      assertEquals("200 " + live, Load.once(gateway.proxyPort));

      gateway.reconfigure("", "60s", "  release-command: [\"java\", \"-version\"]");
      String passing = version();
      JsonNode passed = gateway.awaitLive(gateway.deploy(passing, "bluegreen"), RELEASE_TIMEOUT);
      JsonNode event = event(passed, "release_command.passed");
      assertEquals(0, event.path("data").path("exitCode").asInt(), event::toString);
      assertTrue(event.path("data").path("output").asText().contains("OpenJDK"), event::toString);
      assertEquals("200 " + passing, Load.once(gateway.proxyPort));
    } finally {
      gateway.reconfigure("", "60s", "");
    }
  }

  /**
   * A container killed with SIGKILL behind the gateway's back: its instance leaves the routing
   * table, the driver notices the exit within about a second and removes the dead container.
   */
  @Test
  void aContainerKilledUnderLoadLeavesTheRoutingTableAndIsRemoved() throws Exception {
    gateway.awaitSettled(RELEASE_TIMEOUT);
    Container victim =
        TestEngine.containers(gateway.service).stream()
            .filter(c -> "running".equals(c.getState()))
            .findFirst()
            .orElseThrow();
    String address = "127.0.0.1:" + victim.getPorts()[0].getPublicPort();
    Load.Result result;
    long outOfRoutingMillis;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(60))) {
      await("warm-up").atMost(Duration.ofSeconds(20)).until(() -> load.result().requests() > 3000);
      long killedAt = System.nanoTime();
      TestEngine.client().killContainerCmd(victim.getId()).exec();
      await(address + " out of the routing table")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !"healthy".equals(stateOf(address)));
      outOfRoutingMillis = (System.nanoTime() - killedAt) / 1_000_000;
      long after = load.result().requests();
      await("load on the surviving container")
          .atMost(Duration.ofSeconds(20))
          .until(() -> load.result().requests() > after + 3000);
      result = load.stop();
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=docker-container-killed requests=%d non2xx=%d connErrors=%d outOfRoutingMs=%d"
            + " statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        outOfRoutingMillis,
        result.statuses());
    await("the dead container removed by the driver")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                TestEngine.containers(gateway.service).stream()
                    .noneMatch(c -> c.getId().equals(victim.getId())));
    Gateway.assertNoFailures("load while a container was killed", result);
  }

  private String stateOf(String address) throws Exception {
    return gateway.instances().stream()
        .filter(instance -> address.equals(instance.path("address").asText()))
        .map(instance -> instance.path("state").asText())
        .findFirst()
        .orElse("gone");
  }

  private List<String> eventTypes(JsonNode release) throws Exception {
    return gateway.events(release).stream().map(e -> e.path("type").asText()).toList();
  }

  private JsonNode event(JsonNode release, String type) throws Exception {
    List<JsonNode> events = gateway.events(release);
    return events.stream()
        .filter(e -> type.equals(e.path("type").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " event in " + events));
  }

  private static void print(String scenario, Load.Result result) {
    System.out.printf(
        Locale.ROOT,
        "scenario=%s requests=%d non2xx=%d connErrors=%d statuses=%s%n",
        scenario,
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        result.statuses());
  }
}
