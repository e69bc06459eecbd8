package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Once the restore after a restart is over: the containers of the restored services that this
 * driver does not hold are of releases that are over (or were not healthy enough to adopt), and are
 * stopped and removed. Containers of services this gateway does not know are never touched.
 * Blocking.
 */
final class EndedContainerSweep {
  private static final Logger LOG = Logger.getLogger(EndedContainerSweep.class);
  private static final int STOP_SECONDS = 5;

  private final DockerEngines engines;
  private final Set<String> held;

  EndedContainerSweep(DockerEngines engines, Collection<RunningContainer> running) {
    this.engines = engines;
    this.held = running.stream().map(RunningContainer::containerId).collect(Collectors.toSet());
  }

  void sweep(Map<String, Long> liveReleases) {
    engines.used().forEach((host, docker) -> sweep(host, docker, liveReleases));
  }

  private void sweep(String host, DockerClient docker, Map<String, Long> liveReleases) {
    List<Container> ours =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(List.of(ContainerLabels.SERVICE))
            .exec();
    for (Container c : ours) {
      String service = c.getLabels().get(ContainerLabels.SERVICE);
      if (!liveReleases.containsKey(service) || held.contains(c.getId())) {
        continue;
      }
      long release = ContainerLabels.release(c.getLabels());
      try {
        docker.stopContainerCmd(c.getId()).withTimeout(STOP_SECONDS).exec();
      } catch (NotModifiedException | NotFoundException stopped) {
        // exited already
      }
      DockerDriver.removeQuietly(docker, c.getId());
      LOG.infof(
          "container of an ended release removed service=%s release=%d live=%d container=%s"
              + " host=%s",
          service, release, liveReleases.get(service), c.getId().substring(0, 12), host);
    }
  }
}
