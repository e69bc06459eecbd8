package io.cutover.strategies.rolling;

import io.cutover.config.DeployConfig;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.DeployStrategy;
import io.cutover.strategy.Step;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolling: replaces the live instances in batches. With N instances wanted, never more than N +
 * {@code max-surge} run, and a retirement never leaves fewer than N − {@code max-unavailable}
 * healthy ones serving. New instances take traffic only once healthy, one share per instance; old
 * ones leave the table before they drain. When the new version has all N healthy it takes all
 * traffic in one swap, is watched for {@code deploy.bake} (a failure rolls back, old instances
 * started again where they were retired), and any old instances left drain.
 */
@ApplicationScoped
public class RollingStrategy implements DeployStrategy {

  @Override
  public String name() {
    return "rolling";
  }

  @Override
  public List<Step> plan(DeployContext context) {
    int wanted = context.instances();
    Duration bake = context.config().deploy().bake();
    if (context.firstDeploy()) {
      List<Step> first = new ArrayList<>();
      first.add(new Step.StartNew(wanted));
      first.add(new Step.AwaitHealthy());
      first.add(new Step.ShiftTraffic(100));
      bake(first, bake);
      return first;
    }
    DeployConfig.Rolling limits = context.config().deploy().rolling();
    // The config parser refuses 0/0; still, a plan must always make progress.
    int surge = limits.maxSurge() == 0 && limits.maxUnavailable() == 0 ? 1 : limits.maxSurge();
    int ceiling = wanted + surge;
    int floor = wanted - limits.maxUnavailable();
    int old = context.liveInstances();
    int fresh = 0;
    List<Step> steps = new ArrayList<>();
    while (fresh < wanted) {
      // Without surge, or with more old instances than the ceiling (the config shrank), make room.
      if (surge == 0 || old + fresh >= ceiling) {
        old -= retire(steps, old, fresh, floor);
      }
      int batch = Math.min(ceiling - old - fresh, wanted - fresh);
      steps.add(new Step.StartNew(batch));
      steps.add(new Step.AwaitHealthy());
      fresh += batch;
      if (fresh == wanted) {
        break;
      }
      steps.add(new Step.ShareByInstances());
      if (surge > 0) {
        old -= retire(steps, old, fresh, floor);
      }
    }
    steps.add(new Step.ShiftTraffic(100));
    // Watched after the last batch, with the old instances still left kept warm.
    bake(steps, bake);
    if (old > 0) {
      steps.add(Step.RetireOld.all());
    }
    return steps;
  }

  private static void bake(List<Step> steps, Duration bake) {
    if (!bake.isZero()) {
      steps.add(new Step.Bake(bake));
    }
  }

  /**
   * Plans retiring as many old instances as keeps {@code floor} healthy (all are healthy between
   * batches: each starts only after the previous one passed AwaitHealthy); returns how many.
   */
  private static int retire(List<Step> steps, int old, int fresh, int floor) {
    int count = Math.min(old, old + fresh - floor);
    if (count <= 0) {
      return 0;
    }
    steps.add(new Step.RetireOld(count));
    return count;
  }
}
