package io.cutover.strategies.bluegreen;

import io.cutover.strategy.DeployContext;
import io.cutover.strategy.DeployStrategy;
import io.cutover.strategy.Step;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Blue-green: the whole new version starts beside the old; once every new instance is healthy, all
 * traffic switches in one swap; the old version drains and stops (after the bake, if any, during
 * which it stays warm for an instant switch back).
 */
@ApplicationScoped
public class BlueGreenStrategy implements DeployStrategy {

  @Override
  public String name() {
    return "bluegreen";
  }

  @Override
  public List<Step> plan(DeployContext context) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.StartNew(context.instances()));
    steps.add(new Step.AwaitHealthy());
    steps.add(new Step.ShiftTraffic(100));
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
