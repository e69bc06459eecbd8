package io.cutover.strategies.bluegreen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.strategy.DeployContext;
import io.cutover.strategy.ServiceConfigs;
import io.cutover.strategy.Step;
import java.time.Duration;
import java.util.List;
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
        strategy.plan(new DeployContext(ServiceConfigs.web(3).build(), "v2", "v1", 3)));
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
        strategy.plan(
            new DeployContext(
                ServiceConfigs.web(2).bake(Duration.ofSeconds(30)).build(), "v2", "v1", 2)));
  }

  @Test
  void aFirstDeployHasNothingToRetire() {
    assertEquals(
        List.of(new Step.StartNew(1), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(ServiceConfigs.web(1).build(), "v1", null, 0)));
  }
}
