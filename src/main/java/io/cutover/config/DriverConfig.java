package io.cutover.config;

import java.util.List;
import java.util.Map;

/**
 * @param command process: argv with ${VERSION}, ${PORT}, ${INSTANCE} substituted
 * @param workdir process: working directory, relative to the gateway's
 * @param env process: extra environment ({@code PORT} is always set)
 * @param image docker and kubernetes: image reference with ${VERSION}
 */
public record DriverConfig(
    DriverType type, List<String> command, String workdir, Map<String, String> env, String image) {
  public DriverConfig {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }
}
