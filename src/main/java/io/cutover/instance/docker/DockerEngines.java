package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.cutover.config.DockerOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Engine API client per engine address: {@code driver.docker-host}, else {@code DOCKER_HOST},
 * else the local socket. Clients are made on first use and kept; calls on them block.
 */
final class DockerEngines implements AutoCloseable {
  static final String LOCAL_SOCKET = "unix:///var/run/docker.sock";

  private final String defaultHost;
  private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

  DockerEngines(Map<String, String> gatewayEnv) {
    String fromEnv = gatewayEnv.get("DOCKER_HOST");
    this.defaultHost = fromEnv == null || fromEnv.isBlank() ? LOCAL_SOCKET : fromEnv.trim();
  }

  /** The address a service's containers run on. */
  String hostOf(DockerOptions options) {
    return options.dockerHost() == null ? defaultHost : options.dockerHost();
  }

  DockerClient client(DockerOptions options) {
    return client(hostOf(options));
  }

  DockerClient client(String host) {
    return clients.computeIfAbsent(host, DockerEngines::connect);
  }

  /** The engines used so far, by address. */
  Map<String, DockerClient> used() {
    return Map.copyOf(clients);
  }

  private static DockerClient connect(String host) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ZerodepDockerHttpClient http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(5))
            // A stop waits out the stop-timeout and a pull its download: no response timeout.
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  @Override
  public void close() {
    for (DockerClient client : List.copyOf(clients.values())) {
      try {
        client.close();
      } catch (IOException | RuntimeException e) {
        // closing: nothing left to do with it
      }
    }
    clients.clear();
  }
}
