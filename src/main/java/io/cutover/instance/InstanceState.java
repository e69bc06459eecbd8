package io.cutover.instance;

/** Where an instance is in its life; only the HEALTHY ones take new requests. */
public enum InstanceState {
  STARTING,
  HEALTHY,
  UNHEALTHY,
  DRAINING,
  STOPPED
}
