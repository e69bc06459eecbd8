package io.cutover.config;

/**
 * What only a kubernetes driver needs (SPEC "More drivers").
 *
 * @param port the app's port in the pod; {@code PORT} is set to it and traffic goes to podIP:port
 * @param namespace where the pods run; null: the client's own (the kubeconfig context's, in a
 *     cluster the gateway pod's, else {@code default})
 * @param cpu the container's CPU request, a Kubernetes quantity ({@code 250m}); null: none
 * @param memory the container's memory request and limit ({@code 256Mi}); null: none
 */
public record KubernetesOptions(int port, String namespace, String cpu, String memory) {

  public static KubernetesOptions defaults() {
    return new KubernetesOptions(DockerOptions.DEFAULT_PORT, null, null, null);
  }
}
