package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Where the kubernetes tests run their pods: a real cluster when {@code KUBECONFIG} is set ({@link
 * RealCluster}), else {@link MockCluster}, the API server mock and test kubelet that stand in for a
 * cluster on a machine that cannot run one. The tests are written once for both: a pod answers its
 * {@code VERSION} at podIP:port, an image of {@code registry.invalid/} cannot be pulled, {@code
 * FAULT_CRASH_AFTER} makes the app crash, a memory request above a node's fails to schedule, a
 * release command {@code /bin/false} exits 1 and {@code java -version} 0.
 */
public interface TestCluster extends AutoCloseable {

  /** The demo app's image, with {@code ${VERSION}}. */
  String image();

  /** A client for the test's own checks. */
  KubernetesClient client();

  /** A client for a driver under test (each driver closes its own). */
  KubernetesClient newClient();

  /** How long a pod may take to be Ready here (a real cluster may pull an image first). */
  Duration startupTimeout();

  /** Where it runs, for messages. */
  String describe();

  @Override
  void close();

  /** A cluster for one test class: the real one of KUBECONFIG, else a mock of its own. */
  static TestCluster create() {
    return RealCluster.configured() ? RealCluster.fromEnvironment() : MockCluster.start();
  }

  /**
   * The cluster the running gateway's own client reaches: the real one of KUBECONFIG (which the
   * client reads itself), else the JVM's shared mock (the client is pointed at it).
   */
  static TestCluster forGateway() {
    return RealCluster.configured() ? RealCluster.fromEnvironment() : MockCluster.shared();
  }
}
