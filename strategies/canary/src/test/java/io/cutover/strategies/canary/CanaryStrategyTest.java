package io.cutover.strategies.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.config.DeployConfig;
import io.cutover.config.DrainConfig;
import io.cutover.config.DriverConfig;
import io.cutover.config.DriverType;
import io.cutover.config.Durations;
import io.cutover.config.HealthConfig;
import io.cutover.config.RoutesConfig;
import io.cutover.config.ServiceConfig;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryStrategyTest {
  private static final Duration NONE = Duration.ZERO;
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
        strategy.plan(new DeployContext(config(2, walk, NONE), "v2", "v1", 2)));
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
        strategy.plan(new DeployContext(config(1, walk, NONE), "v2", "v1", 1)));
  }

  @Test
  void theNewVersionStartsInFullBesideTheOldWhateverTheOldCount() {
    List<Step> plan =
        strategy.plan(new DeployContext(config(3, List.of(step(10, "1s")), NONE), "v2", "v1", 1));
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
        strategy.plan(new DeployContext(config(2, walk, Duration.ofSeconds(20)), "v2", "v1", 2)));
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
        strategy.plan(new DeployContext(config(2, walk, NONE), "v2", "v1", 2)));
  }

  @Test
  void aFirstDeployHasNothingToCompareWithSoItSwitchesAtOnceAsBlueGreenDoes() {
    List<DeployConfig.CanaryStep> walk = List.of(step(10, "30s"));
    assertEquals(
        List.of(new Step.StartNew(2), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)),
        strategy.plan(new DeployContext(config(2, walk, NONE), "v1", null, 0)));
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
        strategy.plan(new DeployContext(config(1, walk, Duration.ofSeconds(10)), "v1", null, 0)));
  }

  @Test
  void theSamePlanComesOutForTheSameContext() {
    DeployContext context =
        new DeployContext(config(2, List.of(step(10, "1s"), step(90, "0")), NONE), "v2", "v1", 2);
    assertEquals(strategy.plan(context), strategy.plan(context));
  }

  private static DeployConfig.CanaryStep step(int weight, String pause) {
    return new DeployConfig.CanaryStep(weight, Durations.parse(pause));
  }

  private static ServiceConfig config(
      int instances, List<DeployConfig.CanaryStep> steps, Duration bake) {
    DeployConfig d = DeployConfig.defaults();
    DeployConfig.Canary canary =
        new DeployConfig.Canary(steps, d.canary().sticky(), d.canary().header());
    return new ServiceConfig(
        "web",
        new RoutesConfig(List.of("web.localhost"), "/"),
        instances,
        new DriverConfig(DriverType.STATIC, List.of(), ".", Map.of(), null),
        HealthConfig.defaults(),
        DrainConfig.defaults(),
        new DeployConfig(d.strategy(), bake, d.analysis(), d.rolling(), canary, d.immediate()));
  }
}
