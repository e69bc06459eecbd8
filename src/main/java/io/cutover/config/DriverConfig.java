package io.cutover.config;

import java.util.List;
import java.util.Map;

/**
 * @param command process: argv with ${VERSION}, ${PORT}, ${INSTANCE} substituted; docker: overrides
 *     the image's CMD when not empty
 * @param workdir process: working directory, relative to the gateway's
 * @param env extra environment ({@code PORT} is always set)
 * @param image docker and kubernetes: image reference with ${VERSION}
 * @param docker docker only: port, pull, network, docker-host; defaults for the other types
 * @param kubernetes kubernetes only: port, namespace, resources; defaults for the other types
 */
public record DriverConfig(
    DriverType type,
    List<String> command,
    String workdir,
    Map<String, String> env,
    String image,
    DockerOptions docker,
    KubernetesOptions kubernetes) {
  public DriverConfig {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    // A release recorded before the docker keys existed reads back with the defaults.
    docker = docker == null ? DockerOptions.defaults() : docker;
    kubernetes = kubernetes == null ? KubernetesOptions.defaults() : kubernetes;
  }

  public DriverConfig(
      DriverType type,
      List<String> command,
      String workdir,
      Map<String, String> env,
      String image,
      DockerOptions docker) {
    this(type, command, workdir, env, image, docker, KubernetesOptions.defaults());
  }

  public DriverConfig(
      DriverType type,
      List<String> command,
      String workdir,
      Map<String, String> env,
      String image) {
    this(type, command, workdir, env, image, DockerOptions.defaults());
  }
}
