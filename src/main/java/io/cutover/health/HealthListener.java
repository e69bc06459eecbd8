package io.cutover.health;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;

/** Hears every health transition of a watched instance, in the order they happened. */
@FunctionalInterface
public interface HealthListener {
  HealthListener NONE = (instance, from, to, lastResult) -> {};

  void onHealthChanged(Instance instance, InstanceState from, InstanceState to, String lastResult);
}
