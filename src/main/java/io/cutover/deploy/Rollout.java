package io.cutover.deploy;

import io.cutover.config.Durations;
import io.cutover.config.ServiceConfig;
import io.cutover.health.HealthChecker;
import io.cutover.health.InstanceNotHealthyException;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceState;
import io.cutover.release.ReleaseChange;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.InstancePool;
import io.cutover.strategy.Step;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One release being rolled out: performs its strategy's steps in order, is the only writer of its
 * service's pools meanwhile, and ends it live, or reverted to the version that was live.
 */
final class Rollout {
  private static final Logger LOG = Logger.getLogger(Rollout.class);

  private final RolloutContext ctx;
  private final List<Step> steps;
  private final CompletableFuture<String> abortSignal = new CompletableFuture<>();
  private volatile boolean ending;
  private final CompletableFuture<ReleaseStatus> ended = new CompletableFuture<>();
  private final RolloutGates gates;
  private final RolloutPools pools;
  private final StartsInFlight inFlight = new StartsInFlight();
  // Old instances come back with the config they ran with, not a changed file that broke the new.
  private final ServiceConfig oldConfig;
  private int nextIndex;
  private boolean switched;
  private boolean retiredAny;
  // Counters since the last traffic change: the Analyze or Bake that holds those weights judges
  // every request they routed, also those sent while the change was being written down.
  private RolloutAnalysis sinceShift;

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
    this.gates = new RolloutGates(ctx, abortSignal);
    this.switched = adopt && ctx.live().livePool() != null;
    this.pools = new RolloutPools(ctx.live(), ctx.version(), adopt);
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
    abortSignal.complete(reason);
    gates.promote(); // a pause waiting for promote must wake to see the abort
  }

  /** Runs the whole release; the Uni completes with the status it ended in. */
  Uni<ReleaseStatus> run() {
    return ctx.history()
        .moveTo(ctx.releaseId(), ReleaseStatus.DEPLOYING, null)
        .chain(
            () ->
                ctx.event(
                    "release.started",
                    "deploying " + ctx.version() + " with " + ctx.strategy(),
                    "{\"steps\":" + ctx.json(steps.stream().map(Object::toString).toList()) + "}"))
        .chain(() -> runFrom(0))
        // Only a failed step reverts: once every step passed, the new version stays.
        .onItemOrFailure()
        .transformToUni((done, failure) -> failure == null ? finishLive() : revert(failure));
  }

  private Uni<Void> runFrom(int index) {
    if (index == steps.size()) {
      return Uni.createFrom().voidItem();
    }
    Step step = steps.get(index);
    return gates
        .betweenSteps()
        .chain(() -> abortSignal.isDone() ? aborted() : abortable(execute(step)))
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
            return Rollout.this.analyze(s.window());
          }

          @Override
          public Uni<Void> bake(Step.Bake s) {
            return Rollout.this.bake(s.duration());
          }

          @Override
          public Uni<Void> retireOld(Step.RetireOld s) {
            return Rollout.this.retireOld(s.count());
          }
        });
  }

  /**
   * An abort that came while no step ran (paused by hand): the next step must not begin, as a
   * traffic shift would take effect the moment it is built.
   */
  private Uni<Void> aborted() {
    return Uni.createFrom().failure(new RolloutAborted(abortSignal.getNow("aborted")));
  }

  /** Races a step against an abort, so a long wait (health, pause, bake) ends at once. */
  private Uni<Void> abortable(Uni<Void> step) {
    Uni<Void> aborted =
        Uni.createFrom()
            // A copy: the race cancels its loser, and the signal itself must outlive each step.
            .completionStage(abortSignal.copy())
            .onItem()
            .transform(
                reason -> {
                  throw new RolloutAborted(reason);
                });
    return Uni.combine().any().of(step, aborted).replaceWithVoid();
  }

  private Uni<Void> startNew(int count) {
    sinceShift = null; // it would not count the instances about to start
    List<Uni<Instance>> starts = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int index = nextIndex++;
      String target = ctx.targets() == null ? null : ctx.targets().get(index);
      InstanceSpec spec =
          new InstanceSpec(ctx.service(), ctx.version(), index, ctx.config(), target);
      starts.add(
          inFlight.track(
              ctx.driver()
                  .start(spec, ctx.exits())
                  .invoke(
                      instance -> {
                        pools.addNew(instance);
                        ctx.health().watch(instance, ctx.config().health(), ctx.healthListener());
                      })));
    }
    return Uni.join()
        .all(starts)
        .andCollectFailures()
        .onFailure()
        .transform(e -> new DeployFailure("could not start an instance: " + rootMessage(e), e))
        .invoke(pools::publishNow)
        .chain(
            started ->
                ctx.event(
                    "instances.started",
                    "started " + started.size() + " instance(s) of " + ctx.version(),
                    "{\"instances\":"
                        + ctx.json(started.stream().map(Instance::toString).toList())
                        + "}"));
  }

  private Uni<Void> awaitHealthy() {
    HealthChecker health = ctx.health();
    List<Uni<Void>> waits =
        pools.fresh().instances().stream()
            .filter(i -> i.state() != InstanceState.HEALTHY)
            .map(i -> health.awaitHealthy(i, ctx.config().health()))
            .toList();
    Uni<Void> all =
        waits.isEmpty()
            ? Uni.createFrom().voidItem()
            : Uni.join().all(waits).andFailFast().replaceWithVoid();
    return all.onFailure()
        .transform(this::notHealthy)
        .chain(
            () ->
                ctx.event(
                    "instances.healthy",
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
    return new DeployFailure("new instances did not become healthy: " + rootMessage(e), e);
  }

  private Uni<Void> shift(int weight) {
    pools.shift(weight);
    sinceShift = analysis();
    if (weight == 100 && !switched) {
      switched = true;
      return ctx.history()
          .update(ctx.releaseId(), ReleaseChange.none().switched())
          .replaceWithVoid()
          .chain(
              () ->
                  ctx.event(
                      "traffic.switched",
                      "all traffic now goes to "
                          + ctx.version()
                          // Immediate and rolling may have retired every old instance already.
                          + (pools.oldServes() ? "; " + pools.old().version() + " kept warm" : ""),
                      null));
    }
    return ctx.event(
        "traffic.shifted",
        ctx.version() + " now gets " + weight + "% of requests",
        "{\"weight\":" + weight + "}");
  }

  private Uni<Void> shareByInstances() {
    pools.shareByInstances();
    sinceShift = analysis();
    InstancePool newPool = pools.fresh();
    InstancePool oldPool = pools.old();
    return ctx.event(
        "traffic.shared",
        "traffic shared per instance: "
            + ctx.version()
            + " "
            + newPool.weight()
            + (oldPool == null ? "" : ", " + oldPool.version() + " " + oldPool.weight()),
        null);
  }

  private Uni<Void> bake(Duration duration) {
    return ctx.event(
            "bake.started",
            "watching " + ctx.version() + " for " + duration + " with the old version warm",
            null)
        .chain(
            () ->
                recorded(
                    "bake",
                    sinceShift().watch(duration),
                    "the " + Durations.format(duration) + " bake",
                    () -> false));
  }

  private Uni<Void> analyze(Duration window) {
    CompletableFuture<Void> promoted = gates.openHold();
    RolloutAnalysis analysis = sinceShift();
    int weight = pools.fresh().weight();
    return gates
        .enterHold(window, "analysing " + ctx.version() + " at " + weight + "% for " + window)
        .chain(
            () ->
                recorded(
                    "analysis",
                    analysis.judge(window, promoted),
                    "the " + Durations.format(window) + " analysis at " + weight + "%",
                    promoted::isDone))
        .chain(() -> gates.leaveHold(window));
  }

  private RolloutAnalysis sinceShift() {
    RolloutAnalysis analysis = sinceShift != null ? sinceShift : analysis();
    sinceShift = null;
    return analysis;
  }

  private RolloutAnalysis analysis() {
    return new RolloutAnalysis(
        ctx, pools.fresh().instances(), pools.old() == null ? List.of() : pools.old().instances());
  }

  /**
   * Records the figures of an analysis, passed, failed or inconclusive, as an event of the release.
   */
  private Uni<Void> recorded(
      String kind, Uni<AnalysisFigures> judged, String window, BooleanSupplier promotedByHand) {
    return judged
        .chain(
            figures ->
                figures.conclusive()
                    ? ctx.event(
                        kind + ".passed",
                        ctx.version() + " passed: " + figures.summary(),
                        ctx.json(figures))
                    : new InconclusiveWindow(ctx, gates)
                        .decide(
                            kind,
                            window,
                            figures,
                            pools.old() == null ? null : pools.old().version(),
                            promotedByHand.getAsBoolean()))
        .onFailure(AnalysisFailure.class)
        .invoke(this::weighOutNew)
        .onFailure(AnalysisFailure.class)
        .call(
            e ->
                ctx.event(
                    kind + ".failed", e.getMessage(), ctx.json(((AnalysisFailure) e).figures())));
  }

  /**
   * A failed analysis: weight 0 for the new version at once, in one swap, so it takes no new
   * request while the failure is written down. Only while the old version is complete: with
   * instances already retired, the revert first restores its capacity, then switches.
   */
  private void weighOutNew() {
    if (!retiredAny) {
      pools.weighOutNew();
    }
  }

  private Uni<Void> retireOld(int count) {
    List<Instance> retiring = pools.takeOld(count);
    if (retiring.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    retiredAny = true;
    sinceShift = null;
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
        ReleaseChange.to(ReleaseStatus.LIVE).switched().traffic(requests(), errors());
    return ctx.recordEnd(
            ReleaseStatus.LIVE,
            at ->
                ctx.history()
                    .update(ctx.releaseId(), live, at)
                    .chain(() -> ctx.event("release.live", ctx.version() + " is live", null)))
        .replaceWith(ReleaseStatus.LIVE);
  }

  /**
   * Puts every request back on the version that was live and removes the new instances. Old
   * instances already retired (rolling, immediate) are started again first, healthy before they
   * take traffic, so the service never has fewer than before the deploy.
   */
  private Uni<ReleaseStatus> revert(Throwable failure) {
    boolean aborted = failure instanceof RolloutAborted;
    ReleaseStatus status =
        aborted
            ? ReleaseStatus.ABORTED
            : switched || retiredAny ? ReleaseStatus.ROLLED_BACK : ReleaseStatus.FAILED;
    String reason = aborted ? "aborted: " + failure.getMessage() : rootMessage(failure);
    LOG.warnf(
        "release %s service=%s version=%s release=%d reason=%s",
        status.value(), ctx.service(), ctx.version(), ctx.releaseId(), reason);
    String trigger = status == ReleaseStatus.ROLLED_BACK ? "{\"trigger\":\"auto-rollback\"}" : null;
    return inFlight
        .settled() // an instance that came up after the abort is among those discarded
        .chain(this::restoreOldCapacity)
        .map(restored -> pools.switchBack())
        .chain(
            discarded -> {
              String where =
                  pools.oldServes()
                      ? "all traffic back on " + pools.old().version()
                      : "no version to return to: the new instances are removed";
              return ctx.event("traffic.reverted", where, trigger)
                  .chain(
                      () ->
                          discarded.isEmpty()
                              ? Uni.createFrom().voidItem()
                              : ctx.retire(discarded, "new version " + ctx.version()))
                  .onFailure()
                  .recoverWithNull()
                  .chain(
                      () -> {
                        ending = true;
                        ReleaseChange end =
                            ReleaseChange.to(status)
                                .because(reason)
                                .traffic(requests(discarded), errors(discarded));
                        return ctx.recordEnd(
                                status,
                                at ->
                                    ctx.history()
                                        .update(ctx.releaseId(), end, at)
                                        .chain(
                                            () ->
                                                ctx.event(
                                                    "release." + status.value(), reason, trigger)))
                            .chain(
                                () ->
                                    trigger != null && pools.oldServes()
                                        ? AutoRollback.record(ctx, oldConfig, reason)
                                        : Uni.createFrom().voidItem());
                      });
            })
        .onFailure()
        .invoke(e -> LOG.errorf(e, "release revert did not finish release=%d", ctx.releaseId()))
        .onFailure()
        .recoverWithNull()
        .replaceWith(status);
  }

  /** Starts old-version instances to replace those this rollout already retired. */
  private Uni<Void> restoreOldCapacity() {
    int missing = pools.oldMissing();
    if (missing <= 0 || ctx.live().removed()) { // a deleted service gets nothing started again
      return Uni.createFrom().voidItem();
    }
    String oldVersion = pools.old().version();
    List<Uni<Instance>> starts = new ArrayList<>();
    for (int k = 0; k < missing; k++) {
      InstanceSpec spec = new InstanceSpec(ctx.service(), oldVersion, nextIndex++, oldConfig, null);
      starts.add(
          ctx.driver()
              .start(spec, ctx.exits())
              .invoke(i -> ctx.health().watch(i, oldConfig.health(), ctx.healthListener()))
              .call(i -> ctx.health().awaitHealthy(i, oldConfig.health())));
    }
    return Uni.join()
        .all(starts)
        .andCollectFailures()
        .invoke(pools::addOld)
        .chain(
            started ->
                ctx.event(
                    "instances.restored",
                    "started " + started.size() + " instance(s) of " + oldVersion + " again",
                    null))
        .onFailure()
        .call(
            e ->
                ctx.event(
                    "instances.restore_failed",
                    "could not start " + oldVersion + " again: " + rootMessage(e),
                    null))
        .onFailure()
        .recoverWithNull();
  }

  private long requests() {
    return requests(pools.fresh().instances());
  }

  private long errors() {
    return errors(pools.fresh().instances());
  }

  private static long requests(List<Instance> instances) {
    return instances.stream().mapToLong(i -> i.backend().requests()).sum();
  }

  private static long errors(List<Instance> instances) {
    return instances.stream().mapToLong(i -> i.backend().errors()).sum();
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while ((t instanceof io.smallrye.mutiny.CompositeException || t.getMessage() == null)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
