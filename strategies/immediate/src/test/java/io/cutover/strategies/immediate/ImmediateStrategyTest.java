package io.cutover.strategies.immediate;

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

class ImmediateStrategyTest {
  private final ImmediateStrategy strategy = new ImmediateStrategy();

  @Test
  void theOldVersionIsRetiredBeforeAnyNewInstanceStarts() {
    assertEquals(
        List.of(
            Step.RetireOld.all(),
            new Step.StartNew(3),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(config(3), "v2", "v1", 3)));
  }

  @Test
  void aChangedInstanceCountRetiresEveryOldInstanceAndStartsTheNewCount() {
    assertEquals(
        List.of(
            Step.RetireOld.all(),
            new Step.StartNew(2),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(config(2), "v2", "v1", 5)));
  }

  @Test
  void aFirstDeployHasNothingToRetire() {
    assertEquals(
        List.of(new Step.StartNew(1), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(config(1), "v1", null, 0)));
  }

  @Test
  void aBakeWatchesTheNewVersionAfterTheSwitch() {
    assertEquals(
        List.of(
            Step.RetireOld.all(),
            new Step.StartNew(2),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100),
            new Step.Bake(Duration.ofSeconds(20))),
        strategy.plan(new DeployContext(config(2, Duration.ofSeconds(20)), "v2", "v1", 2)));
  }

  private static ServiceConfig config(int instances) {
    return config(instances, Duration.ZERO);
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
