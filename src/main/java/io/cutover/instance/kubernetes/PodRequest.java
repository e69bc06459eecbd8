package io.cutover.instance.kubernetes;

import io.cutover.config.DriverConfig;
import io.cutover.config.HealthConfig;
import io.cutover.config.KubernetesOptions;
import io.cutover.instance.Placeholders;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod one instance (or a release command) runs in: the version's image, the service's {@code
 * env} with {@code PORT}, {@code VERSION} and {@code INSTANCE}, the labels, the resources, and for
 * an instance a readiness probe on the service's health path, so the pod's Ready condition is the
 * kubelet's verdict on the app (the gateway's own HTTP check comes on top). The gateway's own
 * environment never reaches a pod.
 */
final class PodRequest {
  static final String CONTAINER = "app";

  private PodRequest() {}

  /** An instance's pod: restarted in place by the kubelet if its app crashes. */
  static Pod instance(
      String name,
      String namespace,
      Map<String, String> labels,
      Map<String, String> annotations,
      DriverConfig driver,
      HealthConfig health,
      Placeholders values,
      long graceSeconds) {
    Container container =
        new ContainerBuilder(container(driver, values, driver.command()))
            .withReadinessProbe(readiness(health, driver.kubernetes().port()))
            .build();
    return pod(name, namespace, labels, annotations, container, "Always", graceSeconds);
  }

  /** A release command's pod: runs once, never restarted. */
  static Pod oneOff(
      String name,
      String namespace,
      Map<String, String> labels,
      DriverConfig driver,
      Placeholders values,
      List<String> command) {
    return pod(
        name,
        namespace,
        labels,
        Map.of(PodLabels.VERSION_TEXT, values.version()),
        container(driver, values, command),
        "Never",
        0);
  }

  /** The image a version runs: {@code driver.image} with its placeholders. */
  static String imageOf(DriverConfig driver, Placeholders values) {
    return values.apply(driver.image());
  }

  private static Pod pod(
      String name,
      String namespace,
      Map<String, String> labels,
      Map<String, String> annotations,
      Container container,
      String restartPolicy,
      long graceSeconds) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy(restartPolicy)
        .withTerminationGracePeriodSeconds(graceSeconds)
        .withAutomountServiceAccountToken(false) // an app needs no API access from Cutover
        .withContainers(container)
        .endSpec()
        .build();
  }

  private static Container container(
      DriverConfig driver, Placeholders values, List<String> command) {
    KubernetesOptions options = driver.kubernetes();
    Map<String, String> env = new TreeMap<>();
    driver.env().forEach((key, value) -> env.put(key, values.apply(value)));
    env.put("PORT", Integer.toString(values.port()));
    env.put("VERSION", values.version());
    env.put("INSTANCE", Integer.toString(values.index()));
    List<EnvVar> vars = new ArrayList<>();
    env.forEach((key, value) -> vars.add(new EnvVar(key, value, null)));
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(imageOf(driver, values))
            .withEnv(vars)
            .addNewPort()
            .withName("http")
            .withContainerPort(options.port())
            .endPort();
    if (!command.isEmpty()) {
      // As the docker driver's command: replaces the image's CMD, keeps its ENTRYPOINT.
      container.withArgs(command.stream().map(values::apply).toList());
    }
    ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
    if (options.cpu() != null) {
      // A request, no limit: a CPU limit throttles a busy app instead of sharing idle cores.
      resources.addToRequests("cpu", new Quantity(options.cpu()));
    }
    if (options.memory() != null) {
      // Memory is requested and capped alike, so the scheduler's promise holds.
      resources.addToRequests("memory", new Quantity(options.memory()));
      resources.addToLimits("memory", new Quantity(options.memory()));
    }
    return container.withResources(resources.build()).build();
  }

  private static Probe readiness(HealthConfig health, int port) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(health.path())
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withPeriodSeconds(seconds(health.interval()))
        .withTimeoutSeconds(seconds(health.timeout()))
        .withSuccessThreshold(1)
        .withFailureThreshold(Math.max(1, health.unhealthyThreshold()))
        .build();
  }

  /** The kubelet counts whole seconds, at least one. */
  private static int seconds(java.time.Duration d) {
    return (int) Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
