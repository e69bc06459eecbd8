package io.cutover.strategy.registry;

import io.cutover.config.KnownStrategies;
import io.cutover.strategy.DeployStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every strategy plugin on the classpath, by name: the executor looks plugins up here, the catalog
 * checks names through {@link KnownStrategies}. Outside the SPI package so a plugin cannot see it.
 */
@ApplicationScoped
public class Strategies implements KnownStrategies {
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

  @Override
  public Set<String> names() {
    return byName.keySet();
  }
}
