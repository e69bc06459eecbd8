package io.cutover.strategies.bluegreen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.config.DeployConfig;
import io.cutover.config.DrainConfig;
import io.cutover.config.DriverConfig;
import io.cutover.config.DriverType;
import io.cutover.config.HealthConfig;
import io.cutover.config.RoutesConfig;
import io.cutover.config.ServiceConfig;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlueGreenStrategyTest {
  private final BlueGreenStrategy strategy = new BlueGreenStrategy();

  @Test
  void aDeployStartsEverythingNewThenSwitchesOnceThenRetiresTheOld() {
    assertEquals(
        List.of(
            new Step.StartNew(3),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100),
            Step.RetireOld.all()),
        strategy.plan(new DeployContext(config(3, Duration.ZERO), "v2", "v1", 3)));
  }

  @Test
  void aBakeKeepsTheOldVersionWarmBeforeItIsRetired() {
    assertEquals(
        List.of(
            new Step.StartNew(2),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100),
            new Step.Bake(Duration.ofSeconds(30)),
            Step.RetireOld.all()),
        strategy.plan(new DeployContext(config(2, Duration.ofSeconds(30)), "v2", "v1", 2)));
  }

  @Test
  void aFirstDeployHasNothingToRetire() {
    assertEquals(
        List.of(new Step.StartNew(1), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(config(1, Duration.ZERO), "v1", null, 0)));
  }

  private static ServiceConfig config(int instances, Duration bake) {
    DeployConfig d = DeployConfig.defaults();
    return new ServiceConfig(
        "web",
        new RoutesConfig(List.of("web.localhost"), "/"),
        instances,
        new DriverConfig(DriverType.STATIC, List.of(), ".", Map.of(), null),
        HealthConfig.defaults(),
        DrainConfig.defaults(),
        new DeployConfig(d.strategy(), bake, d.analysis(), d.rolling(), d.canary(), d.immediate()));
  }
}
