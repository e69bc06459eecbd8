package io.cutover.routing;

import java.util.List;

/**
 * The instances of one version of a service and the share of traffic they get.
 *
 * @param version the release version these instances run
 * @param weight relative share of new requests; 0 keeps the pool only as a fallback
 * @param role stable (the live release) or canary (the release being rolled out)
 * @param backends instances that may take requests now (healthy, not draining)
 */
public record Pool(String version, int weight, Role role, List<Backend> backends) {

  public enum Role {
    STABLE,
    CANARY
  }

  public Pool {
    if (weight < 0) {
      throw new IllegalArgumentException("pool weight must be >= 0, got " + weight);
    }
    backends = List.copyOf(backends);
  }

  public boolean isEmpty() {
    return backends.isEmpty();
  }

  public Pool withWeight(int newWeight) {
    return new Pool(version, newWeight, role, backends);
  }

  public Pool withBackends(List<Backend> newBackends) {
    return new Pool(version, weight, role, newBackends);
  }
}
