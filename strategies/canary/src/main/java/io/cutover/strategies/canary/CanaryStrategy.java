package io.cutover.strategies.canary;

import io.cutover.config.DeployConfig;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.DeployStrategy;
import io.cutover.strategy.Step;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Canary: the new version starts beside the old and walks {@code deploy.canary.steps} of traffic
 * weight, each held and judged by analysis for its pause (zero: until promote); past the last step
 * it takes all traffic, bakes if asked, and the old version drains and stops. A first deploy has
 * nothing to compare with, so it switches at once, as blue-green does.
 */
@ApplicationScoped
public class CanaryStrategy implements DeployStrategy {

  @Override
  public String name() {
    return "canary";
  }

  @Override
  public List<Step> plan(DeployContext context) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.StartNew(context.instances()));
    steps.add(new Step.AwaitHealthy());
    int weight = 0;
    if (!context.firstDeploy()) {
      for (DeployConfig.CanaryStep step : context.config().deploy().canary().steps()) {
        weight = step.weight();
        steps.add(new Step.ShiftTraffic(weight));
        steps.add(new Step.Analyze(step.pause()));
      }
    }
    if (weight < 100) { // a last step of weight 100 already switched
      steps.add(new Step.ShiftTraffic(100));
    }
    Duration bake = context.config().deploy().bake();
    if (!bake.isZero()) {
      steps.add(new Step.Bake(bake));
    }
    if (!context.firstDeploy()) {
      steps.add(Step.RetireOld.all());
    }
    return steps;
  }
}
