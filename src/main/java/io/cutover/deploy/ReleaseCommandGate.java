package io.cutover.deploy;

import io.cutover.config.DeployConfig;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.release.ReleaseEventType;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code deploy.release-command}: run once through the service's driver with the new version,
 * before its first instance starts. A non-zero exit, the timeout, or a command that cannot run
 * fails the release with its last output lines, and nothing has switched.
 */
final class ReleaseCommandGate {
  private static final Logger LOG = Logger.getLogger(ReleaseCommandGate.class);

  private ReleaseCommandGate() {}

  static Uni<Void> run(RolloutContext ctx) {
    DeployConfig.ReleaseCommand command = ctx.config().deploy().releaseCommand();
    if (!command.present()) {
      return Uni.createFrom().voidItem();
    }
    OneOffRun run =
        new OneOffRun(
            ctx.service(),
            ctx.version(),
            ctx.releaseId(),
            ctx.config(),
            command.command(),
            command.timeout());
    return ctx.driver()
        .runOnce(run)
        .onFailure()
        .call(
            e ->
                ctx.event(
                    ReleaseEventType.RELEASE_COMMAND_FAILED,
                    "the release command could not run: " + DeployFailure.rootMessage(e),
                    null))
        .onFailure()
        .transform(e -> DeployFailure.because("the release command could not run: ", e))
        .chain(result -> ended(ctx, command, result));
  }

  private static Uni<Void> ended(
      RolloutContext ctx, DeployConfig.ReleaseCommand command, OneOffResult result) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("exitCode", result.exitCode());
    data.put("timedOut", result.timedOut());
    data.put("tookMs", result.took().toMillis());
    data.put("output", result.output());
    String program = command.command().get(0);
    if (result.succeeded()) {
      LOG.infof(
          "release command passed service=%s version=%s release=%d tookMs=%d",
          ctx.service(), ctx.version(), ctx.releaseId(), result.took().toMillis());
      return ctx.event(
          ReleaseEventType.RELEASE_COMMAND_PASSED,
          "release command " + program + " exited 0 in " + result.took().toMillis() + "ms",
          data);
    }
    String why =
        result.timedOut()
            ? "was stopped at its release-command-timeout of " + command.timeout().toSeconds() + "s"
            : "exited " + result.exitCode();
    String reason =
        "release command "
            + program
            + " "
            + why
            + "; nothing was switched"
            + (result.output().isBlank() ? "" : "; last output lines:\n" + result.output());
    LOG.warnf(
        "release command failed service=%s version=%s release=%d exitCode=%d timedOut=%s",
        ctx.service(), ctx.version(), ctx.releaseId(), result.exitCode(), result.timedOut());
    return ctx.event(ReleaseEventType.RELEASE_COMMAND_FAILED, reason, data)
        .chain(() -> Uni.createFrom().failure(new DeployFailure(reason)));
  }
}
