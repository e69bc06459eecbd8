package io.cutover.deploytests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Docker engine the docker tests run against ({@code DOCKER_HOST}, else the local socket), and
 * the images {@code deploy-tests/docker/build-images.sh} builds. A test without them is skipped,
 * saying why, never passed silently.
 */
final class TestEngine {
  static final String IMAGE = "cutover-test/demo";
  private static final String HOST =
      System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
  private static DockerClient client;

  private TestEngine() {}

  static synchronized DockerClient client() {
    if (client == null) {
      DefaultDockerClientConfig config =
          DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
      client =
          DockerClientImpl.getInstance(
              config,
              new ZerodepDockerHttpClient.Builder()
                  .dockerHost(config.getDockerHost())
                  .connectionTimeout(Duration.ofSeconds(3))
                  .responseTimeout(Duration.ofSeconds(30))
                  .build());
    }
    return client;
  }

  /** Why the docker tests cannot run here, or null when they can. */
  static String missing() {
    try {
      client().pingCmd().exec();
    } catch (RuntimeException e) {
      return "no Docker engine answers at "
          + HOST
          + " ("
          + e.getMessage()
          + "): .ci/run starts one (dockerd --storage-driver vfs)";
    }
    for (String tag : List.of("v1", "v9", "unhealthy")) {
      try {
        client().inspectImageCmd(IMAGE + ":" + tag).exec();
      } catch (NotFoundException e) {
        return "image "
            + IMAGE
            + ":"
            + tag
            + " is missing: run deploy-tests/docker/build-images.sh";
      }
    }
    return null;
  }

  static void assumeEngine() {
    String missing = missing();
    assumeTrue(missing == null, missing);
  }

  /** The {@code driver:} lines of a docker service of the demo images. */
  static String driverYaml(String extra) {
    return String.join(
        "\n",
        "  type: docker",
        "  image: \"" + IMAGE + ":${VERSION}\"",
        "  port: 3000",
        "  pull: never",
        extra);
  }

  /** The containers, running or not, labelled with this service. */
  static List<Container> containers(String service) {
    return client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of("cutover.service", service))
        .exec();
  }

  /**
   * Deletes the service's file and has the gateway re-read its folder: the gateway drains and
   * removes the service's containers; waits until the engine has none with its label.
   */
  static void removeService(Gateway gateway) throws Exception {
    java.nio.file.Files.deleteIfExists(gateway.serviceFile());
    gateway.post("/api/v1/services/reload", "");
    org.awaitility.Awaitility.await("the service's containers removed with it")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> containers(gateway.service).isEmpty());
  }

  /** Removes containers of this service a failed test left (ours: our gateway started them). */
  static void removeLeftovers(String service) {
    for (Container c : containers(service)) {
      try {
        client().removeContainerCmd(c.getId()).withForce(true).exec();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    }
  }
}
