package io.cutover.deploy;

import io.cutover.instance.ImagePullProgress;
import io.cutover.instance.InstanceSpec;
import io.cutover.release.ReleaseEventType;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Before the release command and the first instance: the driver makes the version ready (the docker
 * driver pulls its image once for the release), and the release's log shows the pull as it goes. A
 * version that cannot be made ready (an image no registry has) fails the release before anything
 * started.
 */
final class ReleasePreparation {
  private static final Logger LOG = Logger.getLogger(ReleasePreparation.class);
  // A progress line waits for its write so the log keeps the pull's order; a stalled database
  // must not stall the pull.
  private static final Duration WRITE_WAIT = Duration.ofSeconds(5);

  private ReleasePreparation() {}

  static Uni<Void> run(RolloutContext ctx) {
    InstanceSpec first =
        new InstanceSpec(ctx.service(), ctx.version(), 0, ctx.config(), null, ctx.releaseId());
    return ctx.driver()
        .prepare(first, progress -> record(ctx, progress))
        .onFailure()
        .transform(
            e ->
                DeployFailure.because(
                    ctx.version() + " could not be made ready, nothing was started: ", e));
  }

  /** Called on the driver's thread (never an event loop) while it prepares. */
  private static void record(RolloutContext ctx, ImagePullProgress progress) {
    ReleaseEventType type =
        progress.stage() == ImagePullProgress.Stage.DONE
            ? ReleaseEventType.IMAGE_PULLED
            : ReleaseEventType.IMAGE_PULLING;
    try {
      ctx.event(type, progress.message(), progress.data()).await().atMost(WRITE_WAIT);
    } catch (RuntimeException e) {
      LOG.warnf("pull progress not recorded release=%d reason=%s", ctx.releaseId(), e.getMessage());
    }
  }
}
