package io.cutover.config;

import java.util.Set;

/**
 * The strategy names a service file may use in {@code deploy.strategy}. The one list to extend
 * until strategy plugins announce their own names; the parser takes the set as a parameter.
 */
public final class StrategyNames {
  public static final Set<String> BUILT_IN = Set.of("bluegreen", "rolling", "canary", "immediate");

  private StrategyNames() {}
}
