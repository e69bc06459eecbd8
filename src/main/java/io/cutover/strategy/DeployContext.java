package io.cutover.strategy;

import io.cutover.config.ServiceConfig;

/**
 * What a strategy may know when it plans.
 *
 * @param config the service config the new release runs with
 * @param version the version being deployed
 * @param liveVersion the version serving now, or null on a service's first deploy
 * @param liveInstances how many instances of the live version run now (0 on a first deploy)
 */
public record DeployContext(
    ServiceConfig config, String version, String liveVersion, int liveInstances) {

  public boolean firstDeploy() {
    return liveVersion == null || liveInstances == 0;
  }

  /** Instances per release, as the service config asks. */
  public int instances() {
    return config.instances();
  }
}
