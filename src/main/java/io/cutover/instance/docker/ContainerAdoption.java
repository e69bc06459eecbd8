package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * After a gateway restart: the container a previous gateway started for this very slot (service,
 * release, version, instance index), still running and passing its image's HEALTHCHECK, is taken
 * over as it is instead of starting a new one. Its traffic resumes once the gateway's HTTP check
 * passes. Blocking.
 */
final class ContainerAdoption {
  private static final Logger LOG = Logger.getLogger(ContainerAdoption.class);

  private final DockerClient docker;
  private final String host;
  private final Set<String> held;

  /**
   * @param held the instance ids this driver already runs: never adopted twice
   */
  ContainerAdoption(DockerClient docker, String host, Set<String> held) {
    this.docker = docker;
    this.host = host;
    this.held = held;
  }

  Optional<RunningContainer> adopt(InstanceSpec spec, InstanceExitListener listener) {
    if (spec.releaseId() <= 0) {
      return Optional.empty();
    }
    List<Container> candidates;
    try {
      candidates =
          docker
              .listContainersCmd()
              .withLabelFilter(
                  ContainerLabels.of(
                      spec.service(),
                      spec.releaseId(),
                      spec.version(),
                      Integer.toString(spec.index())))
              .exec(); // running ones only
    } catch (RuntimeException e) {
      return Optional.empty(); // the start that follows says what is wrong with the engine
    }
    for (Container candidate : candidates) {
      String id = instanceId(candidate);
      if (id == null || held.contains(id)) {
        continue;
      }
      InspectContainerResponse inspect = docker.inspectContainerCmd(candidate.getId()).exec();
      if (!ContainerHealth.of(docker, candidate.getId()).passes()) {
        continue; // left for the sweep; a new one starts
      }
      int port = port(inspect, spec);
      Instance instance = RunningContainer.instance(id, spec, port);
      LOG.infof(
          "instance adopted id=%s service=%s version=%s release=%d container=%s port=%d",
          id,
          spec.service(),
          spec.version(),
          spec.releaseId(),
          candidate.getId().substring(0, 12),
          port);
      return Optional.of(new RunningContainer(instance, host, candidate.getId(), listener));
    }
    return Optional.empty();
  }

  /** The instance id its name carries ({@code cutover-<id>}); null for a name not ours. */
  private static String instanceId(Container container) {
    for (String name : container.getNames()) {
      String bare = name.startsWith("/") ? name.substring(1) : name;
      if (bare.startsWith(DockerDriver.NAME_PREFIX)) {
        return bare.substring(DockerDriver.NAME_PREFIX.length());
      }
    }
    return null;
  }

  /** Published: the 127.0.0.1 port the engine bound; host networking: the PORT it was given. */
  private static int port(InspectContainerResponse inspect, InstanceSpec spec) {
    if (spec.config().driver().docker().published()) {
      return ContainerStarts.publishedPort(inspect, spec.config().driver().docker().port());
    }
    for (String entry : inspect.getConfig().getEnv()) {
      if (entry.startsWith("PORT=")) {
        return Integer.parseInt(entry.substring("PORT=".length()));
      }
    }
    throw new IllegalStateException("container " + inspect.getId() + " has no PORT");
  }
}
