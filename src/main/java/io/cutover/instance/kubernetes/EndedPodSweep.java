package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Once the restore after a restart is over: the pods of the restored services that this driver does
 * not hold are of releases that are over (or were not Ready enough to adopt, or a release command a
 * killed gateway left), and are deleted. Pods of services this gateway does not know are never
 * touched. Blocking.
 */
final class EndedPodSweep {
  private static final Logger LOG = Logger.getLogger(EndedPodSweep.class);
  private static final long GRACE_SECONDS = 5;

  private final Cluster cluster;
  private final Set<String> held;

  EndedPodSweep(Cluster cluster, Set<String> held) {
    this.cluster = cluster;
    this.held = held;
  }

  void sweep(Map<String, Long> liveReleases) {
    for (String namespace : cluster.watch().namespaces()) {
      for (Pod pod : cluster.watch().pods(namespace)) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String service = labels.get(PodLabels.SERVICE);
        String name = pod.getMetadata().getName();
        if (!liveReleases.containsKey(service)
            || held.contains(name)
            || PodLabels.release(labels) > liveReleases.get(service)) {
          continue;
        }
        try {
          cluster
              .client()
              .pods()
              .inNamespace(namespace)
              .withName(name)
              .withGracePeriod(GRACE_SECONDS)
              .delete();
          LOG.infof(
              "pod of an ended release deleted service=%s release=%d live=%d pod=%s namespace=%s",
              service, PodLabels.release(labels), liveReleases.get(service), name, namespace);
        } catch (RuntimeException e) {
          LOG.warnf("pod of an ended release not deleted pod=%s reason=%s", name, e.getMessage());
        }
      }
    }
  }
}
