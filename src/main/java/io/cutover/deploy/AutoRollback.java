package io.cutover.deploy;

import io.cutover.config.ServiceConfig;
import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseChange;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseStatus;
import io.cutover.release.ReleaseTrigger;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The gateway went back on its own: a release that had taken traffic (switched, or old instances
 * retired) failed and the old version serves again. As a rollback by hand is a new release with
 * trigger {@code rollback}, this one is a new release with trigger {@code auto-rollback}: of the
 * version that serves again, with the config and targets it ran with, {@code previousReleaseId} the
 * release that failed. It goes live at once (nothing starts or stops: its instances are the ones
 * serving) and supersedes the release it replaces, so the history reads as what happened and {@code
 * ?trigger=auto-rollback} finds every automatic rollback.
 */
final class AutoRollback {
  private static final Logger LOG = Logger.getLogger(AutoRollback.class);

  private AutoRollback() {}

  /**
   * Records the rollback release after the failed one has ended; never fails (the revert itself is
   * done, the record is history).
   *
   * @param restoredConfig the config the serving old instances run with
   * @param reason why the failed release was rolled back
   */
  static Uni<Void> record(RolloutContext ctx, ServiceConfig restoredConfig, String reason) {
    Long replacedId = ctx.live().liveReleaseId();
    if (replacedId == null) {
      return Uni.createFrom().voidItem();
    }
    return ctx.history()
        .find(replacedId)
        .chain(replaced -> create(ctx, replaced, reason))
        .chain(
            created -> {
              ctx.live().markLive(created.getId(), created.getVersion(), restoredConfig);
              LOG.infof(
                  "release live service=%s version=%s trigger=auto-rollback release=%d"
                      + " rolled_back=%d",
                  ctx.service(), created.getVersion(), created.getId(), ctx.releaseId());
              return ctx.history()
                  .append(
                      created.getId(),
                      ReleaseEventType.RELEASE_LIVE,
                      created.getVersion()
                          + " is live again: the gateway rolled back release "
                          + ctx.releaseId()
                          + " ("
                          + ctx.version()
                          + ") on its own",
                      null)
                  .chain(
                      () ->
                          ctx.event(
                              ReleaseEventType.ROLLBACK_RECORDED,
                              "automatic rollback recorded as release "
                                  + created.getId()
                                  + " ("
                                  + created.getVersion()
                                  + ", trigger auto-rollback)",
                              Map.of("releaseId", created.getId())));
            })
        .onFailure()
        .invoke(
            e ->
                LOG.errorf(
                    "automatic rollback not recorded release=%d reason=%s",
                    ctx.releaseId(), e.getMessage()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  private static Uni<Release> create(RolloutContext ctx, Release replaced, String reason) {
    NewRelease rollback =
        NewRelease.of(
                ctx.service(), replaced.getVersion(), ctx.strategy(), ReleaseTrigger.AUTO_ROLLBACK)
            .withPrevious(ctx.releaseId())
            .withConfig(replaced.getConfig())
            .withTargets(replaced.getTargets())
            .withReason(
                "automatic rollback of release "
                    + ctx.releaseId()
                    + " ("
                    + ctx.version()
                    + "): "
                    + reason);
    return ctx.history()
        .create(rollback)
        .call(r -> ctx.history().moveTo(r.getId(), ReleaseStatus.DEPLOYING, null))
        .chain(
            r -> ctx.history().update(r.getId(), ReleaseChange.to(ReleaseStatus.LIVE).switched()));
  }
}
