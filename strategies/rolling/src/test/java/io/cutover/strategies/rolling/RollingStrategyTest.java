package io.cutover.strategies.rolling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.ServiceConfig;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.ServiceConfigs;
import io.cutover.strategy.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollingStrategyTest {

  private final RollingStrategy strategy = new RollingStrategy();

  @Test
  void aFirstDeployStartsEveryInstanceAndSwitchesOnceTheyAreHealthy() {
    assertEquals(
        List.of(new Step.StartNew(3), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)),
        strategy.plan(
            new DeployContext(ServiceConfigs.web(3).rolling(1, 0).build(), "v1", null, 0)));
  }

  @Test
  void oneSurgeNoneUnavailableStartsOneBesideTheOldThenRetiresOnePerBatch() {
    assertEquals(
        List.of(
            new Step.StartNew(1),
            new Step.AwaitHealthy(),
            new Step.ShareByInstances(),
            new Step.RetireOld(1)),
        plan(4, 4, 1, 0).subList(0, 4));
    assertEquals(
        "+1 healthy share -1 +1 healthy share -1 +1 healthy share -1 +1 healthy 100% -all",
        batches(4, 4, 1, 0));
  }

  @Test
  void noSurgeOneUnavailableRetiresOneFirstThenStartsItsReplacement() {
    assertEquals(
        "-1 +1 healthy share -1 +1 healthy share -1 +1 healthy share -1 +1 healthy 100%",
        batches(4, 4, 0, 1));
  }

  @Test
  void twoSurgeOneUnavailableStartsTwoThenRetiresThree() {
    assertEquals("+2 healthy share -3 +2 healthy 100% -all", batches(4, 4, 2, 1));
  }

  @Test
  void afterTheFirstBatchTheUnavailableBudgetWidensTheBatchesInsteadOfRetiringMore() {
    // Retiring surge + unavailable again in the second batch would leave 4 of 6 serving.
    assertEquals(
        "+1 healthy share -2 +2 healthy share -2 +2 healthy share -2 +1 healthy 100%",
        batches(6, 6, 1, 1));
  }

  @Test
  void aSingleInstanceWithSurgeGetsItsReplacementBesideIt() {
    assertEquals("+1 healthy 100% -all", batches(1, 1, 1, 0));
  }

  @Test
  void aSingleInstanceWithoutSurgeIsStoppedBeforeItsReplacementStarts() {
    assertEquals("-1 +1 healthy 100%", batches(1, 1, 0, 1));
  }

  @Test
  void growingFromTwoToFourInstancesStartsThreeAndRetiresOnlyAboveFour() {
    assertEquals("+3 healthy share -1 +1 healthy 100% -all", batches(4, 2, 1, 0));
  }

  @Test
  void shrinkingFromSixToFourInstancesRetiresTheSurplusFirst() {
    assertEquals(
        "-2 +1 healthy share -1 +1 healthy share -1 +1 healthy share -1 +1 healthy 100% -all",
        batches(4, 6, 1, 0));
  }

  @Test
  void everyPlanKeepsWithinSurgeAndUnavailableAtEveryStep() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (int n = 1; n <= 8; n++) {
      for (int live = 0; live <= 10; live++) {
        for (int surge = 0; surge <= 4; surge++) {
          for (int unavailable = 0; unavailable <= 4; unavailable++) {
            if (surge == 0 && unavailable == 0) {
              continue;
            }
            String problem = check(n, live, surge, unavailable);
            if (problem != null) {
              broken.add(
                  "N=" + n + " L=" + live + " S=" + surge + " U=" + unavailable + ": " + problem);
            }
            checked++;
          }
        }
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(checked > 1000, "checked " + checked);
  }

  /** The bounds one plan must keep, or what it broke. */
  private String check(int n, int live, int surge, int unavailable) {
    List<Step> steps = plan(n, live, surge, unavailable);
    PlanSimulation sim = PlanSimulation.play(steps, live);
    if (sim.problem != null) {
      return sim.problem + " in " + steps;
    }
    if (sim.maxInstances > Math.max(n + surge, live)) {
      return sim.maxInstances + " instances at once in " + steps;
    }
    // Below N - U only when the live version had fewer to begin with; a retirement never goes
    // there.
    if (sim.minServing < Math.min(n - unavailable, live)) {
      return "only " + sim.minServing + " serving in " + steps;
    }
    if (sim.minServingAfterRetire != Integer.MAX_VALUE
        && sim.minServingAfterRetire < n - unavailable) {
      return "a retirement left " + sim.minServingAfterRetire + " serving in " + steps;
    }
    if (sim.old != 0 || sim.starting != 0 || sim.fresh != n || sim.lastWeight != 100) {
      return "ends with " + sim.old + " old, " + sim.fresh + " new, weight " + sim.lastWeight;
    }
    if (steps.size() > 4 * n + 4) {
      return steps.size() + " steps: " + steps;
    }
    return null;
  }

  @Test
  void aBakeWatchesTheNewVersionAfterTheLastBatchWhileTheLastOldInstanceIsWarm() {
    ServiceConfig baked = ServiceConfigs.web(2).rolling(1, 0).bake(Duration.ofSeconds(30)).build();
    assertEquals(
        List.of(
            new Step.StartNew(1),
            new Step.AwaitHealthy(),
            new Step.ShareByInstances(),
            new Step.RetireOld(1),
            new Step.StartNew(1),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100),
            new Step.Bake(Duration.ofSeconds(30)),
            Step.RetireOld.all()),
        strategy.plan(new DeployContext(baked, "v2", "v1", 2)));
  }

  @Test
  void aFirstDeployBakesAfterItsSwitch() {
    ServiceConfig baked = ServiceConfigs.web(1).rolling(1, 0).bake(Duration.ofSeconds(5)).build();
    assertEquals(
        List.of(
            new Step.StartNew(1),
            new Step.AwaitHealthy(),
            new Step.ShiftTraffic(100),
            new Step.Bake(Duration.ofSeconds(5))),
        strategy.plan(new DeployContext(baked, "v1", null, 0)));
  }

  private String batches(int instances, int live, int surge, int unavailable) {
    return PlanNotation.of(plan(instances, live, surge, unavailable));
  }

  private List<Step> plan(int instances, int live, int surge, int unavailable) {
    return strategy.plan(
        new DeployContext(
            ServiceConfigs.web(instances).rolling(surge, unavailable).build(),
            "v2",
            live == 0 ? null : "v1",
            live));
  }
}
