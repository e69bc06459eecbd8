package io.cutover.deploy;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import java.util.ArrayList;
import java.util.List;

/**
 * The two pools of a rollout, the version that was live and the one being deployed, and the only
 * place that changes them. Every change is published as one route-table swap.
 */
final class RolloutPools {
  private final LiveService live;
  private final int oldCount;
  private InstancePool old;
  private InstancePool fresh;
  // Every instance the rollout starts, new or old started again, gets its own index.
  private int nextIndex;

  /**
   * @param adopt the new release takes over the live instances as they are
   */
  RolloutPools(LiveService live, String version, boolean adopt) {
    this.live = live;
    InstancePool current = live.livePool();
    if (adopt && current != null) {
      this.old = null;
      this.fresh = current.withRole(Pool.Role.CANARY);
    } else {
      this.old = current;
      this.fresh = new InstancePool(version, 0, Pool.Role.CANARY, List.of());
    }
    this.oldCount = old == null ? 0 : old.instances().size();
  }

  /** The index of the next instance this rollout starts. */
  synchronized int nextIndex() {
    return nextIndex++;
  }

  synchronized InstancePool old() {
    return old;
  }

  synchronized InstancePool fresh() {
    return fresh;
  }

  synchronized boolean oldServes() {
    return old != null && !old.instances().isEmpty();
  }

  /** Old instances retired by this rollout and not started again. */
  synchronized int oldMissing() {
    return old == null ? 0 : oldCount - old.instances().size();
  }

  synchronized void addNew(Instance instance) {
    List<Instance> all = new ArrayList<>(fresh.instances());
    all.add(instance);
    fresh = fresh.withInstances(all);
  }

  synchronized void addOld(List<Instance> instances) {
    List<Instance> all = new ArrayList<>(old.instances());
    all.addAll(instances);
    old = old.withInstances(all);
  }

  /** The new version gets {@code weight} percent, the old one the rest. */
  void shift(int weight) {
    synchronized (this) {
      fresh = fresh.withWeight(weight);
      if (old != null) {
        old = old.withWeight(100 - weight);
      }
    }
    publish();
  }

  /** Each healthy instance, old or new, gets an equal share. */
  void shareByInstances() {
    synchronized (this) {
      fresh = fresh.withWeight(healthy(fresh));
      if (old != null) {
        old = old.withWeight(healthy(old));
      }
    }
    publish();
  }

  /** Takes up to {@code count} old instances out of the table; returns them to drain. */
  List<Instance> takeOld(int count) {
    List<Instance> taken;
    synchronized (this) {
      if (old == null) {
        return List.of();
      }
      List<Instance> all = old.instances();
      taken = List.copyOf(all.subList(0, Math.min(count, all.size())));
      old = old.withInstances(all.subList(taken.size(), all.size()));
    }
    publish();
    return taken;
  }

  /** New version at weight 0 in one swap, while the old version is complete; false otherwise. */
  boolean weighOutNew() {
    synchronized (this) {
      if (oldMissing() > 0 || !oldServes()) {
        return false;
      }
      fresh = fresh.withWeight(0);
      old = old.withWeight(100);
    }
    publish();
    return true;
  }

  /** One swap back to the old version; returns the new instances, now out of the table. */
  List<Instance> switchBack() {
    List<Instance> discarded;
    synchronized (this) {
      discarded = fresh.instances();
      fresh = fresh.withInstances(List.of()).withWeight(0);
      if (old != null) {
        old = old.withWeight(100);
      }
    }
    publish();
    return discarded;
  }

  /** The new version is the live one: all its traffic, stable role; an emptied old pool goes. */
  void finish() {
    synchronized (this) {
      fresh = fresh.withWeight(100).withRole(Pool.Role.STABLE);
      if (old != null && old.instances().isEmpty()) {
        old = null;
      }
    }
    publish();
  }

  private synchronized void publish() {
    List<InstancePool> pools = new ArrayList<>(2);
    if (old != null && !old.instances().isEmpty()) {
      pools.add(old);
    }
    if (!fresh.instances().isEmpty()) {
      pools.add(fresh);
    }
    live.poolsDecided(pools);
  }

  /** Publishes the pools as they are (after new instances were added). */
  void publishNow() {
    publish();
  }

  /** Requests the instances served: what the release's history reports it took. */
  static long requests(List<Instance> instances) {
    return instances.stream().mapToLong(i -> i.backend().requests()).sum();
  }

  static long errors(List<Instance> instances) {
    return instances.stream().mapToLong(i -> i.backend().errors()).sum();
  }

  private static int healthy(InstancePool pool) {
    return (int) pool.instances().stream().filter(i -> i.state() == InstanceState.HEALTHY).count();
  }
}
