package io.cutover.deploytests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A docker service whose images come from a registry ({@code pull: always}): the release pulls the
 * new version's image once, before anything starts, and its log shows the pull; an image the
 * registry does not have fails the release before any instance starts, saying so.
 */
class DockerPullIT extends DockerSuite {
  @RegisterExtension static final TestRegistry REGISTRY = new TestRegistry("v1", "v2");

  @Override
  String driverYaml() {
    return String.join(
        "\n",
        "  type: docker",
        "  image: \"" + REGISTRY.image() + "\"",
        "  port: 3000",
        "  pull: always",
        "");
  }

  @Override
  String cannotRun() {
    return REGISTRY.missing();
  }

  @Test
  void theNewVersionsImageIsPulledOnceBeforeAnythingStartsWithItsProgressInTheLog()
      throws Exception {
    gateway.awaitSettled(RELEASE_TIMEOUT);
    JsonNode release;
    Load.Result result;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(90))) {
      release = gateway.awaitLive(gateway.deploy("v2", "bluegreen"), RELEASE_TIMEOUT);
      result = load.stop();
    }
    List<JsonNode> events = gateway.events(release);
    List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
    int pulling = types.indexOf("image.pulling");
    int pulled = types.indexOf("image.pulled");
    int started = types.indexOf("instances.started");
    assertTrue(pulling >= 0 && pulling < pulled && pulled < started, types::toString);
    assertEquals(1, types.stream().filter("image.pulled"::equals).count(), types::toString);
    assertEquals(
        "pulling image " + REGISTRY.image("v2"), events.get(pulling).path("message").asText());
    JsonNode figures = events.get(pulled).path("data");
    assertTrue(figures.path("layers").asInt() >= 2, figures::toString);
    assertEquals(
        figures.path("layers").asInt(), figures.path("layersDone").asInt(), figures::toString);
    // the layer of its own: 4 MB of random bytes, gzipped no smaller
    assertTrue(figures.path("bytesTotal").asLong() >= 3_900_000, figures::toString);
    System.out.printf(
        Locale.ROOT,
        "scenario=docker-registry-pull requests=%d non2xx=%d connErrors=%d pull=\"%s\"%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        events.get(pulled).path("message").asText());
    Gateway.assertNoFailures("load while v2 was pulled and deployed", result);
    assertEquals("200 v2", Load.once(gateway.proxyPort));
  }

  @Test
  void anImageTheRegistryDoesNotHaveFailsTheReleaseBeforeAnyInstanceStarts() throws Exception {
    String live = gateway.awaitSettled(RELEASE_TIMEOUT);
    JsonNode release = gateway.awaitEnded(gateway.deploy("v404", "canary"), RELEASE_TIMEOUT);
    assertEquals("failed", release.path("status").asText(), release::toString);
    String reason = release.path("reason").asText();
    System.out.println("scenario=docker-registry-missing-image reason=\"" + reason + "\"");
    assertTrue(
        reason.contains(
            "v404 could not be made ready, nothing was started: image "
                + REGISTRY.image("v404")
                + " could not be pulled"),
        reason);
    List<String> types =
        gateway.events(release).stream().map(e -> e.path("type").asText()).toList();
    assertTrue(types.contains("image.pulling"), types::toString);
    assertTrue(!types.contains("instances.started"), () -> "an instance started: " + types);
    assertTrue(release.path("switchedAt").isNull(), release::toString);
    assertEquals("200 " + live, Load.once(gateway.proxyPort));
  }
}
