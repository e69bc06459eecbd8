package io.cutover.strategies.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.config.DeployConfig;
import io.cutover.config.Durations;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.ServiceConfigs;
import io.cutover.strategy.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanaryStrategyTest {
  private final CanaryStrategy strategy = new CanaryStrategy();

  @Test
  void aCanaryIsFoundAsCanary() {
    assertEquals("canary", strategy.name());
  }

  @Test
  void eachStepShiftsTheWeightThenAnalysesForItsPauseThenAllTrafficMovesAndTheOldRetires() {
    List<DeployConfig.CanaryStep> walk = List.of(step(10, "30s"), step(50, "30s"));
    assertEquals(
        List.of(
            new Step.StartNew(2),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(10),
            new Step.Analyze(Duration.ofSeconds(30)),
            new Step.ShiftTraffic(50),
            new Step.Analyze(Duration.ofSeconds(30)),
            new Step.ShiftTraffic(100),
            Step.RetireOld.all()),
        strategy.plan(
            new DeployContext(ServiceConfigs.web(2).canary(walk).build(), "v2", "v1", 2)));
  }

  @Test
  void aStepWithoutPauseAnalysesUntilPromote() {
    List<DeployConfig.CanaryStep> walk = List.of(step(20, "0"), step(60, "5s"));
    assertEquals(
        List.of(
            new Step.StartNew(1),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(20),
            new Step.Analyze(Duration.ZERO),
            new Step.ShiftTraffic(60),
            new Step.Analyze(Duration.ofSeconds(5)),
            new Step.ShiftTraffic(100),
            Step.RetireOld.all()),
        strategy.plan(
            new DeployContext(ServiceConfigs.web(1).canary(walk).build(), "v2", "v1", 1)));
  }

  @Test
  void theNewVersionStartsInFullBesideTheOldWhateverTheOldCount() {
    List<Step> plan =
        strategy.plan(
            new DeployContext(
                ServiceConfigs.web(3).canary(List.of(step(10, "1s"))).build(), "v2", "v1", 1));
    assertEquals(new Step.StartNew(3), plan.get(0));
  }

  @Test
  void aBakeWatchesTheNewVersionAtFullWeightBeforeTheOldIsRetired() {
    List<DeployConfig.CanaryStep> walk = List.of(step(25, "2s"));
    assertEquals(
        List.of(
            new Step.StartNew(2),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(25),
            new Step.Analyze(Duration.ofSeconds(2)),
            new Step.ShiftTraffic(100),
            new Step.Bake(Duration.ofSeconds(20)),
            Step.RetireOld.all()),
        strategy.plan(
            new DeployContext(
                ServiceConfigs.web(2).canary(walk).bake(Duration.ofSeconds(20)).build(),
                "v2",
                "v1",
                2)));
  }

  @Test
  void aLastStepOfFullWeightIsAnalysedAndNotShiftedTwice() {
    List<DeployConfig.CanaryStep> walk = List.of(step(50, "2s"), step(100, "3s"));
    assertEquals(
        List.of(
            new Step.StartNew(2),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(50),
            new Step.Analyze(Duration.ofSeconds(2)),
            new Step.ShiftTraffic(100),
            new Step.Analyze(Duration.ofSeconds(3)),
            Step.RetireOld.all()),
        strategy.plan(
            new DeployContext(ServiceConfigs.web(2).canary(walk).build(), "v2", "v1", 2)));
  }

  @Test
  void aFirstDeployHasNothingToCompareWithSoItSwitchesAtOnceAsBlueGreenDoes() {
    List<DeployConfig.CanaryStep> walk = List.of(step(10, "30s"));
    assertEquals(
        List.of(new Step.StartNew(2), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)),
        strategy.plan(
            new DeployContext(ServiceConfigs.web(2).canary(walk).build(), "v1", null, 0)));
  }

  @Test
  void aFirstDeployStillBakesWhenABakeIsSet() {
    List<DeployConfig.CanaryStep> walk = List.of(step(10, "30s"));
    assertEquals(
        List.of(
            new Step.StartNew(1),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100),
            new Step.Bake(Duration.ofSeconds(10))),
        strategy.plan(
            new DeployContext(
                ServiceConfigs.web(1).canary(walk).bake(Duration.ofSeconds(10)).build(),
                "v1",
                null,
                0)));
  }

  @Test
  void theSamePlanComesOutForTheSameContext() {
    DeployContext context =
        new DeployContext(
            ServiceConfigs.web(2).canary(List.of(step(10, "1s"), step(90, "0"))).build(),
            "v2",
            "v1",
            2);
    assertEquals(strategy.plan(context), strategy.plan(context));
  }

  private static DeployConfig.CanaryStep step(int weight, String pause) {
    return new DeployConfig.CanaryStep(weight, Durations.parse(pause));
  }
}
