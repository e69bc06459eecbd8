package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/**
 * The cluster {@code KUBECONFIG} names, for running the kubernetes tests for real. The cluster must
 * be able to pull {@code CUTOVER_K8S_TEST_IMAGE} (default {@code cutover-test/demo:${VERSION}}, the
 * demo images of {@code deploy-tests/docker/build-images.sh}, e.g. {@code kind load docker-image}
 * v1 to v9), and the machine running the tests must reach pod IPs (run them in a pod of the
 * cluster, or on a node of a single-node cluster such as k3s or minikube --driver=none). Pods go to
 * the kubeconfig context's namespace.
 */
final class RealCluster implements TestCluster {
  private final KubernetesClient client = new KubernetesClientBuilder().build();

  private RealCluster() {}

  static boolean configured() {
    String kubeconfig = System.getenv("KUBECONFIG");
    return kubeconfig != null && !kubeconfig.isBlank();
  }

  static RealCluster fromEnvironment() {
    return new RealCluster();
  }

  @Override
  public String image() {
    String image = System.getenv("CUTOVER_K8S_TEST_IMAGE");
    return image == null || image.isBlank() ? "cutover-test/demo:${VERSION}" : image;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().build();
  }

  @Override
  public Duration startupTimeout() {
    return Duration.ofSeconds(90);
  }

  @Override
  public String describe() {
    return "the cluster at " + client.getMasterUrl() + " (KUBECONFIG)";
  }

  @Override
  public void close() {
    client.close();
  }
}
