package io.cutover.instance.kubernetes;

import io.cutover.config.DriverConfig;
import io.cutover.instance.InstanceId;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.Placeholders;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Puts one instance's pod in place: after a gateway restart the Ready pod a previous gateway
 * started for this very slot (service, release, instance index) is adopted as it is; otherwise a
 * new pod is created. Its readiness is awaited by the driver. Blocking.
 */
final class PodStarts {
  private static final Logger LOG = Logger.getLogger(PodStarts.class);

  /** A pod put in place for an instance: where it is, the instance's id, whether adopted. */
  record Launch(String namespace, String name, String id, boolean adopted) {}

  private final Cluster cluster;

  PodStarts(Cluster cluster) {
    this.cluster = cluster;
  }

  /**
   * @param held the names of the pods the driver already runs: never adopted twice
   */
  Launch launch(InstanceSpec spec, Set<String> held) {
    String namespace = cluster.watched(spec.service(), spec.config().driver().kubernetes());
    return adopt(spec, namespace, held).orElseGet(() -> create(spec, namespace));
  }

  private Optional<Launch> adopt(InstanceSpec spec, String namespace, Set<String> held) {
    if (spec.releaseId() <= 0) {
      return Optional.empty();
    }
    Map<String, String> slot =
        PodLabels.of(spec.service(), spec.releaseId(), spec.version(), slot(spec));
    for (Pod pod : cluster.watch().pods(namespace)) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String id =
          pod.getMetadata().getAnnotations() == null
              ? null
              : pod.getMetadata().getAnnotations().get(PodLabels.INSTANCE_ID);
      if (labels == null
          || !labels.entrySet().containsAll(slot.entrySet())
          || id == null
          || held.contains(pod.getMetadata().getName())
          || !PodState.ready(pod)) {
        continue; // not this slot's, or not Ready: left for the sweep, a new one starts
      }
      LOG.infof(
          "instance adopted id=%s service=%s version=%s release=%d pod=%s ip=%s",
          id,
          spec.service(),
          spec.version(),
          spec.releaseId(),
          pod.getMetadata().getName(),
          pod.getStatus().getPodIP());
      return Optional.of(new Launch(namespace, pod.getMetadata().getName(), id, true));
    }
    return Optional.empty();
  }

  private Launch create(InstanceSpec spec, String namespace) {
    DriverConfig driver = spec.config().driver();
    String id = InstanceId.next(spec.service(), spec.version(), spec.index());
    String name = PodLabels.podName(id);
    Placeholders values =
        new Placeholders(spec.version(), driver.kubernetes().port(), spec.index());
    long grace = Math.max(1, (spec.config().drain().stopTimeout().toMillis() + 999) / 1000);
    Pod pod =
        PodRequest.instance(
            name,
            namespace,
            PodLabels.of(spec.service(), spec.releaseId(), spec.version(), slot(spec)),
            Map.of(PodLabels.INSTANCE_ID, id, PodLabels.VERSION_TEXT, spec.version()),
            driver,
            spec.config().health(),
            values,
            grace);
    try {
      cluster.create(pod);
    } catch (RuntimeException e) {
      throw cluster.failure(spec.service(), "create pod " + name + " in namespace " + namespace, e);
    }
    LOG.infof(
        "instance pod created id=%s service=%s version=%s namespace=%s pod=%s image=%s",
        id, spec.service(), spec.version(), namespace, name, PodRequest.imageOf(driver, values));
    return new Launch(namespace, name, id, false);
  }

  private static String slot(InstanceSpec spec) {
    return Integer.toString(spec.index());
  }
}
