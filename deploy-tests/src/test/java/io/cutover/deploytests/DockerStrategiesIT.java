package io.cutover.deploytests;

import org.junit.jupiter.api.Test;

/**
 * Every strategy ships two image versions in a row to a docker service under load, through the
 * packaged gateway and the real engine: no request fails (never-retrying clients, every non-2xx and
 * connection error counted).
 */
class DockerStrategiesIT extends DockerSuite {

  @Override
  String deployYaml() {
    return EveryStrategyIT.DEPLOY_YAML;
  }

  @Test
  void twoBlueGreenDeploysOfImagesUnderLoadFailNoRequest() throws Exception {
    EveryStrategyIT.deployTwiceUnderLoad(this, "docker-bluegreen", "bluegreen");
  }

  @Test
  void twoRollingDeploysOfImagesUnderLoadFailNoRequest() throws Exception {
    EveryStrategyIT.deployTwiceUnderLoad(this, "docker-rolling", "rolling");
  }

  @Test
  void twoCanaryDeploysOfImagesUnderLoadFailNoRequest() throws Exception {
    EveryStrategyIT.deployTwiceUnderLoad(this, "docker-canary", "canary");
  }

  @Test
  void twoImmediateDeploysWithHoldOfImagesUnderLoadFailNoRequest() throws Exception {
    EveryStrategyIT.deployTwiceUnderLoad(this, "docker-immediate", "immediate");
  }
}
