package io.cutover.strategies.rolling;

import io.cutover.strategy.Step;
import java.util.List;

/**
 * Plays a plan on counts the way the executor acts on instances: started instances are healthy
 * after AwaitHealthy, a version serves from its first traffic step, RetireOld takes old ones out at
 * once. Records the extremes a deploy would go through.
 */
final class PlanSimulation implements Step.Visitor<Void> {
  int old;
  int starting;
  int fresh;
  boolean oldServes = true;
  boolean newServes;
  int maxInstances;
  int minServing;
  int minServingAfterRetire = Integer.MAX_VALUE;
  int lastWeight = -1;
  String problem;

  private PlanSimulation(int liveInstances) {
    old = liveInstances;
    maxInstances = liveInstances;
    minServing = liveInstances;
  }

  static PlanSimulation play(List<Step> steps, int liveInstances) {
    PlanSimulation sim = new PlanSimulation(liveInstances);
    for (Step step : steps) {
      step.accept(sim);
      sim.maxInstances = Math.max(sim.maxInstances, sim.old + sim.starting + sim.fresh);
      sim.minServing = Math.min(sim.minServing, sim.serving());
    }
    return sim;
  }

  int serving() {
    return (oldServes ? old : 0) + (newServes ? fresh : 0);
  }

  private void unproven(String what) {
    if (starting > 0 && problem == null) {
      problem = what + " while " + starting + " new instance(s) are not yet healthy";
    }
  }

  @Override
  public Void startNew(Step.StartNew step) {
    starting += step.count();
    return null;
  }

  @Override
  public Void awaitHealthy(Step.AwaitHealthy step) {
    fresh += starting;
    starting = 0;
    return null;
  }

  @Override
  public Void shiftTraffic(Step.ShiftTraffic step) {
    unproven("traffic shifted");
    newServes = step.newWeight() > 0;
    oldServes = step.newWeight() < 100;
    lastWeight = step.newWeight();
    return null;
  }

  @Override
  public Void shareByInstances(Step.ShareByInstances step) {
    unproven("traffic shared");
    newServes = true;
    oldServes = true;
    return null;
  }

  @Override
  public Void retireOld(Step.RetireOld step) {
    unproven("old instances retired");
    if (step.count() != Integer.MAX_VALUE && step.count() > old && problem == null) {
      problem = "retires " + step.count() + " of " + old + " old instances";
    }
    old -= Math.min(step.count(), old);
    minServingAfterRetire = Math.min(minServingAfterRetire, serving());
    return null;
  }

  @Override
  public Void pause(Step.Pause step) {
    throw new AssertionError("a rolling plan has no pause");
  }

  @Override
  public Void analyze(Step.Analyze step) {
    throw new AssertionError("a rolling plan has no analysis");
  }

  @Override
  public Void bake(Step.Bake step) {
    throw new AssertionError("a rolling plan has no bake");
  }
}
