package io.cutover.strategies.immediate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.strategy.DeployContext;
import io.cutover.strategy.ServiceConfigs;
import io.cutover.strategy.Step;
import java.time.Duration;
import java.util.List;
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
        strategy.plan(new DeployContext(ServiceConfigs.web(3).build(), "v2", "v1", 3)));
  }

  @Test
  void aChangedInstanceCountRetiresEveryOldInstanceAndStartsTheNewCount() {
    assertEquals(
        List.of(
            Step.RetireOld.all(),
            new Step.StartNew(2),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(ServiceConfigs.web(2).build(), "v2", "v1", 5)));
  }

  @Test
  void aFirstDeployHasNothingToRetire() {
    assertEquals(
        List.of(new Step.StartNew(1), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(ServiceConfigs.web(1).build(), "v1", null, 0)));
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
        strategy.plan(
            new DeployContext(
                ServiceConfigs.web(2).bake(Duration.ofSeconds(20)).build(), "v2", "v1", 2)));
  }
}
