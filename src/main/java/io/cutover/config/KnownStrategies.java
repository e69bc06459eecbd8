package io.cutover.config;

import java.util.Set;

/**
 * The strategy names a service file may name in {@code deploy.strategy}. Owned here so the catalog
 * can check a file without knowing the strategy plugins: the registry implements it.
 */
public interface KnownStrategies {
  Set<String> names();
}
