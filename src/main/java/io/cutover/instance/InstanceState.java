package io.cutover.instance;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an instance is in its life; only the HEALTHY ones take new requests. Every allowed move is
 * in {@link #next()}, so the whole state machine reads in one place: health checks move between
 * starting, healthy and unhealthy; a drain or a stop may come at any time; a stop is final.
 */
public enum InstanceState {
  STARTING,
  HEALTHY,
  UNHEALTHY,
  DRAINING,
  STOPPED;

  /** States this one may move to. Health never undoes a drain; nothing follows a stop. */
  public Set<InstanceState> next() {
    return switch (this) {
      case STARTING -> EnumSet.of(HEALTHY, DRAINING, STOPPED);
      case HEALTHY -> EnumSet.of(UNHEALTHY, DRAINING, STOPPED);
      case UNHEALTHY -> EnumSet.of(HEALTHY, DRAINING, STOPPED);
      case DRAINING -> EnumSet.of(STOPPED);
      case STOPPED -> EnumSet.noneOf(InstanceState.class);
    };
  }

  public boolean canMoveTo(InstanceState next) {
    return next().contains(next);
  }
}
