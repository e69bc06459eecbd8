package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.List;

/**
 * Where a container is by the engine's own account: running or not, and its image's {@code
 * HEALTHCHECK} verdict when the image has one. The gateway's HTTP check gates traffic on top.
 */
record ContainerHealth(boolean running, Long exitCode, String healthcheck, String lastCheck) {
  static final String NONE = "none";

  /** Inspects the container once. Blocking. */
  static ContainerHealth of(DockerClient docker, String containerId) {
    InspectContainerResponse inspect = docker.inspectContainerCmd(containerId).exec();
    InspectContainerResponse.ContainerState state = inspect.getState();
    boolean running = Boolean.TRUE.equals(state.getRunning());
    HealthState health = state.getHealth();
    if (health == null || health.getStatus() == null) {
      return new ContainerHealth(running, state.getExitCodeLong(), NONE, "");
    }
    return new ContainerHealth(
        running, state.getExitCodeLong(), health.getStatus(), lastOutput(health.getLog()));
  }

  /** The engine ran the image's HEALTHCHECK and it passed, or the image has none. */
  boolean passes() {
    return running && (healthcheck.equals(NONE) || healthcheck.equals("healthy"));
  }

  /** The HEALTHCHECK gave up on it (its retries used up). */
  boolean failed() {
    return healthcheck.equals("unhealthy");
  }

  private static String lastOutput(List<HealthStateLog> log) {
    if (log == null || log.isEmpty()) {
      return "";
    }
    HealthStateLog last = log.get(log.size() - 1);
    String output = last.getOutput() == null ? "" : last.getOutput().strip();
    return "exit " + last.getExitCodeLong() + (output.isEmpty() ? "" : ": " + output);
  }
}
