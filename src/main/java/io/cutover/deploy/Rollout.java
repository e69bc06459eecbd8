package io.cutover.deploy;

import io.cutover.config.ServiceConfig;
import io.cutover.health.InstanceNotHealthyException;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceSpec;
import io.cutover.release.ReleaseChange;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.InstancePool;
import io.cutover.strategy.Step;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * One release being rolled out: performs its strategy's steps in order, is the only writer of its
 * service's pools meanwhile, and ends it live, or reverted to the version that was live.
 */
final class Rollout {
  private static final Logger LOG = Logger.getLogger(Rollout.class);

  private final RolloutContext ctx;
  private final List<Step> steps;
  private final RolloutAbort abort = new RolloutAbort();
  private volatile boolean ending;
  private final CompletableFuture<ReleaseStatus> ended = new CompletableFuture<>();
  private final RolloutGates gates;
  private final RolloutPools pools;
  private final StartsInFlight inFlight = new StartsInFlight();
  // Old instances come back with the config they ran with, not a changed file that broke the new.
  private final ServiceConfig oldConfig;
  private final RolloutWindows windows;
  private boolean switched;
  private volatile boolean retiredAny;

  Rollout(RolloutContext ctx, List<Step> steps) {
    this(ctx, steps, false);
  }

  /**
   * @param adopt the release takes over the live instances as they are (a rollback to the version
   *     they run): no instance starts or stops, no traffic moves
   */
  Rollout(RolloutContext ctx, List<Step> steps, boolean adopt) {
    this.ctx = ctx;
    ServiceConfig startedWith = ctx.live().liveConfig();
    this.oldConfig = startedWith == null ? ctx.config() : startedWith;
    this.steps = List.copyOf(steps);
    this.gates = new RolloutGates(ctx, abort.signal());
    this.switched = adopt && ctx.live().livePool() != null;
    this.pools = new RolloutPools(ctx.live(), ctx.version(), adopt);
    this.windows = new RolloutWindows(ctx, gates, pools, () -> retiredAny);
  }

  /** Completes with the status the release ended in, once the executor has let go of it. */
  CompletableFuture<ReleaseStatus> ended() {
    return ended;
  }

  void markEnded(ReleaseStatus status) {
    ended.complete(status);
  }

  /**
   * Its end is decided and being written down (and, after a rollback, the auto-rollback release):
   * nothing more can change it, so it no longer counts as the service's running release.
   */
  boolean isEnding() {
    return ending;
  }

  long releaseId() {
    return ctx.releaseId();
  }

  RolloutGates gates() {
    return gates;
  }

  /** Aborts: the step under way stops and traffic returns to the live version. */
  void abort(String reason) {
    abort.abort(reason);
    gates.promote(); // a pause waiting for promote must wake to see the abort
  }

  /** Runs the whole release; the Uni completes with the status it ended in. */
  Uni<ReleaseStatus> run() {
    return ctx.history()
        .moveTo(ctx.releaseId(), ReleaseStatus.DEPLOYING, null)
        .chain(
            () ->
                ctx.event(
                    ReleaseEventType.RELEASE_STARTED,
                    "deploying " + ctx.version() + " with " + ctx.strategy(),
                    Map.of("steps", steps.stream().map(Object::toString).toList())))
        // A rollout that only takes over running instances starts nothing: no pull, no command.
        .chain(() -> switched ? Uni.createFrom().voidItem() : abort.race(this::beforeFirstStart))
        .chain(() -> runFrom(0))
        // Only a failed step reverts: once every step passed, the new version stays.
        .onItemOrFailure()
        .transformToUni(
            (done, failure) ->
                failure == null
                    ? finishLive()
                    : new RolloutRevert(ctx, pools, inFlight, oldConfig)
                        .revert(failure, switched || retiredAny, () -> ending = true));
  }

  private Uni<Void> runFrom(int index) {
    if (index == steps.size()) {
      return Uni.createFrom().voidItem();
    }
    Step step = steps.get(index);
    return gates
        .betweenSteps()
        .chain(() -> abort.race(() -> execute(step)))
        .chain(() -> runFrom(index + 1));
  }

  private Uni<Void> execute(Step step) {
    return step.accept(
        new Step.Visitor<Uni<Void>>() {
          @Override
          public Uni<Void> startNew(Step.StartNew s) {
            return Rollout.this.startNew(s.count());
          }

          @Override
          public Uni<Void> awaitHealthy(Step.AwaitHealthy s) {
            return Rollout.this.awaitHealthy();
          }

          @Override
          public Uni<Void> shiftTraffic(Step.ShiftTraffic s) {
            return shift(s.newWeight());
          }

          @Override
          public Uni<Void> shareByInstances(Step.ShareByInstances s) {
            return Rollout.this.shareByInstances();
          }

          @Override
          public Uni<Void> pause(Step.Pause s) {
            return gates.pause(s.duration());
          }

          @Override
          public Uni<Void> analyze(Step.Analyze s) {
            return windows.analyze(s.window());
          }

          @Override
          public Uni<Void> bake(Step.Bake s) {
            return windows.bake(s.duration());
          }

          @Override
          public Uni<Void> retireOld(Step.RetireOld s) {
            return Rollout.this.retireOld(s.count());
          }
        });
  }

  /** The version made ready (its image pulled), then its release command. */
  private Uni<Void> beforeFirstStart() {
    return ReleasePreparation.run(ctx).chain(() -> ReleaseCommandGate.run(ctx));
  }

  private Uni<Void> startNew(int count) {
    windows.forget(); // it would not count the instances about to start
    List<Uni<Instance>> starts = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int index = pools.nextIndex();
      String target = ctx.targets() == null ? null : ctx.targets().get(index);
      InstanceSpec spec =
          new InstanceSpec(
              ctx.service(), ctx.version(), index, ctx.config(), target, ctx.releaseId());
      starts.add(inFlight.track(ctx.starts().start(ctx.driver(), spec, pools::addNew)));
    }
    return InstanceStarts.all(starts)
        .onFailure()
        .transform(
            e ->
                new DeployFailure(
                    "could not start an instance: " + DeployFailure.rootMessage(e), e))
        .invoke(pools::publishNow)
        .chain(
            started ->
                ctx.event(
                    ReleaseEventType.INSTANCES_STARTED,
                    "started " + started.size() + " instance(s) of " + ctx.version(),
                    Map.of("instances", started.stream().map(Instance::toString).toList())));
  }

  private Uni<Void> awaitHealthy() {
    return ctx.starts()
        .allHealthy(pools.fresh().instances(), ctx.config().health())
        .onFailure()
        .transform(this::notHealthy)
        .chain(
            () ->
                ctx.event(
                    ReleaseEventType.INSTANCES_HEALTHY,
                    "all "
                        + pools.fresh().instances().size()
                        + " instance(s) of "
                        + ctx.version()
                        + " are healthy",
                    null));
  }

  private DeployFailure notHealthy(Throwable e) {
    Throwable cause = e instanceof io.smallrye.mutiny.CompositeException c ? c.getCause() : e;
    if (cause instanceof InstanceNotHealthyException unhealthy) {
      Instance instance = unhealthy.instance();
      String logs = instance.logs().last(10);
      return new DeployFailure(
          unhealthy.getMessage() + (logs.isBlank() ? "" : "; last log lines:\n" + logs), e);
    }
    return new DeployFailure(
        "new instances did not become healthy: " + DeployFailure.rootMessage(e), e);
  }

  private Uni<Void> shift(int weight) {
    pools.shift(weight);
    windows.trafficChanged();
    if (weight == 100 && !switched) {
      switched = true;
      return ctx.history()
          .update(ctx.releaseId(), ReleaseChange.none().switched())
          .replaceWithVoid()
          .chain(
              () ->
                  ctx.event(
                      ReleaseEventType.TRAFFIC_SWITCHED,
                      "all traffic now goes to "
                          + ctx.version()
                          // Immediate and rolling may have retired every old instance already.
                          + (pools.oldServes() ? "; " + pools.old().version() + " kept warm" : ""),
                      null));
    }
    return ctx.event(
        ReleaseEventType.TRAFFIC_SHIFTED,
        ctx.version() + " now gets " + weight + "% of requests",
        Map.of("weight", weight));
  }

  private Uni<Void> shareByInstances() {
    pools.shareByInstances();
    windows.trafficChanged();
    InstancePool newPool = pools.fresh();
    InstancePool oldPool = pools.old();
    return ctx.event(
        ReleaseEventType.TRAFFIC_SHARED,
        "traffic shared per instance: "
            + ctx.version()
            + " "
            + newPool.weight()
            + (oldPool == null ? "" : ", " + oldPool.version() + " " + oldPool.weight()),
        null);
  }

  private Uni<Void> retireOld(int count) {
    List<Instance> retiring = pools.takeOld(count);
    if (retiring.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    retiredAny = true;
    windows.forget();
    return ctx.retire(retiring, "old version " + retiring.get(0).version());
  }

  private Uni<ReleaseStatus> finishLive() {
    ending = true;
    pools.finish();
    ctx.live().markLive(ctx.releaseId(), ctx.version(), ctx.config());
    LOG.infof(
        "release live service=%s version=%s strategy=%s release=%d",
        ctx.service(), ctx.version(), ctx.strategy(), ctx.releaseId());
    ReleaseChange live =
        ReleaseChange.to(ReleaseStatus.LIVE)
            .switched()
            .traffic(
                RolloutPools.requests(pools.fresh().instances()),
                RolloutPools.errors(pools.fresh().instances()));
    return ctx.recordEnd(
            ReleaseStatus.LIVE,
            at ->
                ctx.end(live, at, ReleaseEventType.RELEASE_LIVE, ctx.version() + " is live", null))
        .replaceWith(ReleaseStatus.LIVE);
  }
}
