package io.cutover.deploytests;

import org.junit.jupiter.api.Test;

/**
 * Every strategy ships two image versions in a row to a docker service under load, through the
 * packaged gateway and the real engine: no request fails (never-retrying clients, every non-2xx and
 * connection error counted).
 */
class DockerStrategiesIT extends DockerSuite {

  /**
   * The canary's analysis with room for a cold container: its JVM starts with an empty JIT cache
   * and its requests pass the engine's docker-proxy, so its first seconds' p99 is some times the
   * warm stable version's (49 ms against 12 ms seen here); 1.5 would fail sound releases. What this
   * suite judges is that no request fails; the analysis has its own tests.
   */
  @Override
  String deployYaml() {
    return EveryStrategyIT.DEPLOY_YAML.replace(
        "    min-requests: 20", "    min-requests: 20\n    max-p99-increase: 8");
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
