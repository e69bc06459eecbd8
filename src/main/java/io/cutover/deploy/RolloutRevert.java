package io.cutover.deploy;

import io.cutover.config.ServiceConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceSpec;
import io.cutover.release.ReleaseChange;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseStatus;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A rollout whose step failed or was aborted: every request goes back on the version that was live
 * and the new instances are removed. Old instances already retired (rolling, immediate) are started
 * again first, healthy before they take traffic, so the service never has fewer than before the
 * deploy. Never fails: what cannot be undone is logged.
 */
final class RolloutRevert {
  private static final Logger LOG = Logger.getLogger(RolloutRevert.class);
  private static final Map<String, String> AUTO_ROLLBACK = Map.of("trigger", "auto-rollback");

  private final RolloutContext ctx;
  private final RolloutPools pools;
  private final StartsInFlight inFlight;
  private final ServiceConfig oldConfig;

  /**
   * @param oldConfig the config the old instances ran with: they come back with it
   */
  RolloutRevert(
      RolloutContext ctx, RolloutPools pools, StartsInFlight inFlight, ServiceConfig oldConfig) {
    this.ctx = ctx;
    this.pools = pools;
    this.inFlight = inFlight;
    this.oldConfig = oldConfig;
  }

  /**
   * @param tookTraffic the new version was switched to, or old instances were retired: a failure
   *     then is a rollback, recorded as an automatic rollback release
   * @param ending runs once the end is decided, before it is written down
   */
  Uni<ReleaseStatus> revert(Throwable failure, boolean tookTraffic, Runnable ending) {
    boolean aborted = failure instanceof RolloutAborted;
    ReleaseStatus status =
        aborted
            ? ReleaseStatus.ABORTED
            : tookTraffic ? ReleaseStatus.ROLLED_BACK : ReleaseStatus.FAILED;
    String reason =
        aborted ? "aborted: " + failure.getMessage() : DeployFailure.rootMessage(failure);
    LOG.warnf(
        "release %s service=%s version=%s release=%d reason=%s",
        status.value(), ctx.service(), ctx.version(), ctx.releaseId(), reason);
    Map<String, String> trigger = status == ReleaseStatus.ROLLED_BACK ? AUTO_ROLLBACK : null;
    return inFlight
        .settled() // an instance that came up after the abort is among those discarded
        .chain(this::restoreOldCapacity)
        .map(restored -> pools.switchBack())
        .chain(discarded -> removeNew(discarded, trigger).replaceWith(discarded))
        .chain(
            discarded -> {
              ending.run();
              return recordEnd(status, reason, trigger, discarded);
            })
        .onFailure()
        .invoke(e -> LOG.errorf(e, "release revert did not finish release=%d", ctx.releaseId()))
        .onFailure()
        .recoverWithNull()
        .replaceWith(status);
  }

  /** Records the traffic's return, then drains and stops the new instances. */
  private Uni<Void> removeNew(List<Instance> discarded, Map<String, String> trigger) {
    String where =
        pools.oldServes()
            ? "all traffic back on " + pools.old().version()
            : "no version to return to: the new instances are removed";
    return ctx.event(ReleaseEventType.TRAFFIC_REVERTED, where, trigger)
        .chain(
            () ->
                discarded.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : ctx.retire(discarded, "new version " + ctx.version()))
        .onFailure()
        .recoverWithNull();
  }

  private Uni<Void> recordEnd(
      ReleaseStatus status, String reason, Map<String, String> trigger, List<Instance> discarded) {
    ReleaseChange end =
        ReleaseChange.to(status)
            .because(reason)
            .traffic(RolloutPools.requests(discarded), RolloutPools.errors(discarded));
    return ctx.recordEnd(
            status, at -> ctx.end(end, at, ReleaseEventType.endOf(status), reason, trigger))
        .chain(
            () ->
                trigger != null && pools.oldServes()
                    ? AutoRollback.record(ctx, oldConfig, reason)
                    : Uni.createFrom().voidItem());
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
      Long liveRelease = ctx.live().liveReleaseId();
      InstanceSpec spec =
          new InstanceSpec(
              ctx.service(),
              oldVersion,
              pools.nextIndex(),
              oldConfig,
              null,
              liveRelease == null ? 0 : liveRelease);
      starts.add(ctx.starts().startHealthy(ctx.driver(), spec));
    }
    return InstanceStarts.all(starts)
        .invoke(pools::addOld)
        .chain(
            started ->
                ctx.event(
                    ReleaseEventType.INSTANCES_RESTORED,
                    "started " + started.size() + " instance(s) of " + oldVersion + " again",
                    null))
        .onFailure()
        .call(
            e ->
                ctx.event(
                    ReleaseEventType.INSTANCES_RESTORE_FAILED,
                    "could not start " + oldVersion + " again: " + DeployFailure.rootMessage(e),
                    null))
        .onFailure()
        .recoverWithNull();
  }
}
