package io.cutover.strategies.immediate;

import io.cutover.strategy.DeployContext;
import io.cutover.strategy.DeployStrategy;
import io.cutover.strategy.Step;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Immediate (Fly's {@code immediate}): the old instances leave the table, drain and stop first,
 * then the new ones start. Never more instances than configured, at the price of a gap: requests in
 * it get 503, or wait up to {@code deploy.immediate.hold} for the new version. After the switch the
 * new version is watched for {@code deploy.bake}; a failure starts the old one again.
 */
@ApplicationScoped
public class ImmediateStrategy implements DeployStrategy {

  @Override
  public String name() {
    return "immediate";
  }

  @Override
  public List<Step> plan(DeployContext context) {
    List<Step> steps = new ArrayList<>();
    if (!context.firstDeploy()) {
      steps.add(Step.RetireOld.all());
    }
    steps.add(new Step.StartNew(context.instances()));
    steps.add(new Step.AwaitHealthy());
    steps.add(new Step.ShiftTraffic(100));
    Duration bake = context.config().deploy().bake();
    if (!bake.isZero()) {
      // Nothing is kept warm here: a failure starts the old version again, then switches back.
      steps.add(new Step.Bake(bake));
    }
    return steps;
  }
}
