package io.cutover.instance;

import io.cutover.routing.Backend;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One running copy of one version of a service. Its {@link Backend} is what the route table holds;
 * its state is changed by health checks and drains only.
 */
public final class Instance {
  private static final AtomicReferenceFieldUpdater<Instance, InstanceState> STATE =
      AtomicReferenceFieldUpdater.newUpdater(Instance.class, InstanceState.class, "state");

  private final String id;
  private final String service;
  private final String version;
  private final int index;
  private final Backend backend;
  private final LogTail logs;
  private volatile InstanceState state = InstanceState.STARTING;

  public Instance(
      String id, String service, String version, int index, String host, int port, LogTail logs) {
    this.id = id;
    this.service = service;
    this.version = version;
    this.index = index;
    this.backend = new Backend(id, version, host, port);
    this.logs = logs;
  }

  public String id() {
    return id;
  }

  public String service() {
    return service;
  }

  public String version() {
    return version;
  }

  public int index() {
    return index;
  }

  public String host() {
    return backend.address().host();
  }

  public int port() {
    return backend.address().port();
  }

  public Backend backend() {
    return backend;
  }

  public LogTail logs() {
    return logs;
  }

  public InstanceState state() {
    return state;
  }

  /**
   * Moves to {@code next}; staying where it is is a no-op (a stop is reported by the driver and by
   * the rollout both). A move {@link InstanceState#next()} does not allow is refused.
   *
   * @throws IllegalInstanceTransitionException e.g. a stopped instance made healthy
   */
  public void state(InstanceState next) {
    while (true) {
      InstanceState current = state;
      if (current == next) {
        return;
      }
      refuseIllegal(current, next);
      if (STATE.compareAndSet(this, current, next)) {
        return;
      }
    }
  }

  /**
   * Moves to {@code next} only if the state is still {@code expected}: health checks use it so a
   * drain decided meanwhile is never overwritten.
   *
   * @throws IllegalInstanceTransitionException when the table has no such move
   */
  public boolean state(InstanceState expected, InstanceState next) {
    refuseIllegal(expected, next);
    return STATE.compareAndSet(this, expected, next);
  }

  /** Moves to {@code next} if the state it is in allows it; false when it does not (any more). */
  public boolean moveIfAllowed(InstanceState next) {
    while (true) {
      InstanceState current = state;
      if (!current.canMoveTo(next)) {
        return false;
      }
      if (STATE.compareAndSet(this, current, next)) {
        return true;
      }
    }
  }

  private void refuseIllegal(InstanceState from, InstanceState to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalInstanceTransitionException(id, from, to);
    }
  }

  @Override
  public String toString() {
    return id + "[" + service + " " + version + " " + host() + ":" + port() + " " + state + "]";
  }
}
