package io.cutover.service;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.routing.Backend;
import io.cutover.routing.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The instances of one version of a service and their traffic share: the control plane's view of a
 * {@link Pool}. Only its healthy instances reach the route table.
 */
public record InstancePool(String version, int weight, Pool.Role role, List<Instance> instances) {
  public InstancePool {
    instances = List.copyOf(instances);
  }

  public InstancePool withWeight(int newWeight) {
    return new InstancePool(version, newWeight, role, instances);
  }

  public InstancePool withRole(Pool.Role newRole) {
    return new InstancePool(version, weight, newRole, instances);
  }

  public InstancePool withInstances(List<Instance> newInstances) {
    return new InstancePool(version, weight, role, newInstances);
  }

  /** The routing snapshot of this pool: healthy instances only. */
  Pool toPool() {
    List<Backend> healthy = new ArrayList<>(instances.size());
    for (Instance instance : instances) {
      if (instance.state() == InstanceState.HEALTHY) {
        healthy.add(instance.backend());
      }
    }
    return new Pool(version, weight, role, healthy);
  }
}
