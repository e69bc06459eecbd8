package io.cutover.deploy;

import io.cutover.config.DeployConfig;
import io.cutover.release.ReleaseEventType;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A window (a canary step or a bake) that ended with fewer requests than {@code min-requests}: the
 * figures cannot judge the new version. It is recorded as {@code analysis.inconclusive} with the
 * figures, then {@code deploy.analysis.inconclusive} decides: {@code pause} holds the release
 * {@code paused} until promote (go on) or abort, {@code promote} goes on, {@code fail} fails the
 * release. Never a silent wait. A window a person ended with promote goes on: that was the
 * decision.
 */
final class InconclusiveWindow {
  private static final Logger LOG = Logger.getLogger(InconclusiveWindow.class);

  private final RolloutContext ctx;
  private final RolloutGates gates;

  InconclusiveWindow(RolloutContext ctx, RolloutGates gates) {
    this.ctx = ctx;
    this.gates = gates;
  }

  /**
   * @param kind {@code analysis} or {@code bake}
   * @param window the window, for a person: "the 30s analysis of v2 at 10%"
   * @param oldVersion the version an abort returns to, or null
   * @param promotedByHand a promote ended the window
   */
  Uni<Void> decide(
      String kind,
      String window,
      AnalysisFigures figures,
      String oldVersion,
      boolean promotedByHand) {
    DeployConfig.Inconclusive action = figures.limits().inconclusive();
    String what = promotedByHand ? "promoted" : action.key();
    String came =
        "only "
            + figures.candidate().requests()
            + " request(s) reached "
            + ctx.version()
            + " in "
            + window
            + ", fewer than min-requests "
            + figures.limits().minRequests()
            + ": inconclusive";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("window", kind);
    data.put("action", what);
    data.put("candidate", figures.candidate());
    data.put("stable", figures.stable());
    data.put("limits", figures.limits());
    LOG.infof(
        "analysis inconclusive service=%s version=%s release=%d requests=%d action=%s",
        ctx.service(), ctx.version(), ctx.releaseId(), figures.candidate().requests(), what);
    Uni<Void> recorded =
        ctx.event(ReleaseEventType.ANALYSIS_INCONCLUSIVE, came + "; " + outcome(what), data);
    if (promotedByHand || action == DeployConfig.Inconclusive.PROMOTE) {
      return recorded;
    }
    if (action == DeployConfig.Inconclusive.FAIL) {
      return recorded.chain(
          () ->
              Uni.createFrom()
                  .failure(
                      new AnalysisFailure(
                          "inconclusive: "
                              + figures.candidate().requests()
                              + " request(s), fewer than min-requests "
                              + figures.limits().minRequests()
                              + ", and inconclusive is fail",
                          figures)));
    }
    String todo =
        "promote to go on with "
            + ctx.version()
            + ", or abort to "
            + (oldVersion == null ? "remove it" : "return to " + oldVersion);
    return recorded.chain(() -> gates.holdForPromote(came + ": " + todo));
  }

  private static String outcome(String what) {
    return switch (what) {
      case "promoted" -> "the window was promoted by hand: going on";
      case "promote" -> "inconclusive is promote: going on";
      case "fail" -> "inconclusive is fail: the release fails";
      default -> "inconclusive is pause: waiting for promote or abort";
    };
  }
}
