package io.cutover.strategies.rolling;

import io.cutover.strategy.Step;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A plan in one line, so a test shows its batches: {@code +2} starts two, {@code healthy} awaits
 * them, {@code share} shares traffic per instance, {@code -3} retires three old ones ({@code -all}:
 * every one left), {@code 100%} shifts traffic.
 */
final class PlanNotation implements Step.Visitor<String> {

  static String of(List<Step> steps) {
    PlanNotation notation = new PlanNotation();
    return steps.stream().map(step -> step.accept(notation)).collect(Collectors.joining(" "));
  }

  @Override
  public String startNew(Step.StartNew step) {
    return "+" + step.count();
  }

  @Override
  public String awaitHealthy(Step.AwaitHealthy step) {
    return "healthy";
  }

  @Override
  public String shiftTraffic(Step.ShiftTraffic step) {
    return step.newWeight() + "%";
  }

  @Override
  public String shareByInstances(Step.ShareByInstances step) {
    return "share";
  }

  @Override
  public String pause(Step.Pause step) {
    return "pause " + step.duration();
  }

  @Override
  public String analyze(Step.Analyze step) {
    return "analyze " + step.window();
  }

  @Override
  public String bake(Step.Bake step) {
    return "bake " + step.duration();
  }

  @Override
  public String retireOld(Step.RetireOld step) {
    return step.count() == Integer.MAX_VALUE ? "-all" : "-" + step.count();
  }
}
