package io.cutover.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every strategy plugin on the classpath, by name. */
@ApplicationScoped
public class Strategies {
  private final Map<String, DeployStrategy> byName = new TreeMap<>();

  Strategies(Instance<DeployStrategy> plugins) {
    for (DeployStrategy plugin : plugins) {
      DeployStrategy clash = byName.put(plugin.name(), plugin);
      if (clash != null) {
        throw new IllegalStateException(
            "two strategy plugins are named "
                + plugin.name()
                + ": "
                + clash.getClass()
                + ", "
                + plugin.getClass());
      }
    }
  }

  public Optional<DeployStrategy> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Set<String> names() {
    return byName.keySet();
  }
}
