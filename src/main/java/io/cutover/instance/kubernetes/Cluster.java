package io.cutover.instance.kubernetes;

import io.cutover.config.KubernetesOptions;
import io.cutover.instance.InstanceStartException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The cluster the driver talks to: its client, made on first use (from KUBECONFIG, ~/.kube/config
 * or the pod's service account, as the Quarkus extension configures it), and the pod watch over it.
 * A gateway whose services use no kubernetes driver never makes either.
 */
final class Cluster implements AutoCloseable {
  static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

  private final Supplier<KubernetesClient> clients;
  private volatile KubernetesClient client;
  private volatile PodWatch watch;

  Cluster(Supplier<KubernetesClient> clients) {
    this.clients = clients;
  }

  KubernetesClient client() {
    KubernetesClient made = client;
    if (made == null) {
      synchronized (this) {
        if (client == null) {
          client = clients.get();
          watch = new PodWatch(client);
        }
        made = client;
      }
    }
    return made;
  }

  PodWatch watch() {
    client();
    return watch;
  }

  /** Whether a client was made: nothing to sweep or close otherwise. */
  boolean used() {
    return client != null;
  }

  /** The service's namespace: its {@code driver.namespace}, else the client's, else default. */
  String namespaceOf(KubernetesOptions options) {
    if (options.namespace() != null) {
      return options.namespace();
    }
    String own = client().getNamespace();
    return own == null || own.isBlank() ? "default" : own;
  }

  /** Watches the namespace's pods (once); fails with what to change when the API refuses. */
  String watched(String service, KubernetesOptions options) {
    String namespace;
    try {
      namespace = namespaceOf(options);
      watch().watch(namespace, LIST_TIMEOUT);
    } catch (RuntimeException e) {
      throw failure(service, "list the pods of namespace " + namespaceOf(options), e);
    }
    return namespace;
  }

  /**
   * Creates a pod. A connection that closed before any answer is tried once more (a pooled
   * connection the server had just closed); that the pod then exists already means the first try
   * went through, and is fine: the name is the gateway's own.
   */
  void create(Pod pod) {
    var pods = client().pods().inNamespace(pod.getMetadata().getNamespace());
    try {
      pods.resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 0) {
        throw e;
      }
      try {
        pods.resource(pod).create();
      } catch (KubernetesClientException again) {
        if (again.getCode() != 409) {
          throw again;
        }
      }
    }
  }

  /** An API call that failed, said as what to change. */
  InstanceStartException failure(String service, String action, RuntimeException e) {
    String why = e.getMessage();
    if (e instanceof KubernetesClientException k && k.getCode() == 403) {
      why =
          "forbidden ("
              + k.getStatus().getMessage()
              + "): grant the gateway's account get, list, watch, create and delete on pods,"
              + " get on pods/log and list on events in that namespace (k8s/rbac.yaml)";
    } else if (unreachable(e)) {
      why =
          "no Kubernetes API answers at "
              + masterUrl()
              + " ("
              + rootMessage(e)
              + "): set KUBECONFIG, or run the gateway in the cluster";
    }
    return new InstanceStartException(service, "could not " + action + ": " + why, e);
  }

  /** No answer at all (refused, unknown host, timed out), however deep the client wrapped it. */
  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException
          || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private String masterUrl() {
    try {
      return client().getMasterUrl().toString();
    } catch (RuntimeException e) {
      return "(no API address configured)";
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Lets go of the API; pods stay for the next gateway. */
  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
