package io.cutover.deploy;

import io.cutover.config.Durations;
import io.cutover.release.ReleaseEventType;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The windows of a rollout that judge the new version: a canary's analysis and a bake. Each judges
 * the counters since the last traffic change: every request the weights it holds routed, also those
 * sent while the change was being written down.
 */
final class RolloutWindows {
  /** A kind of window, with the events its verdicts are recorded as. */
  enum Kind {
    ANALYSIS("analysis", ReleaseEventType.ANALYSIS_PASSED, ReleaseEventType.ANALYSIS_FAILED),
    BAKE("bake", ReleaseEventType.BAKE_PASSED, ReleaseEventType.BAKE_FAILED);

    final String key;
    final ReleaseEventType passed;
    final ReleaseEventType failed;

    Kind(String key, ReleaseEventType passed, ReleaseEventType failed) {
      this.key = key;
      this.passed = passed;
      this.failed = failed;
    }
  }

  private final RolloutContext ctx;
  private final RolloutGates gates;
  private final RolloutPools pools;
  private final BooleanSupplier retiredAny;
  private RolloutAnalysis sinceShift;

  /**
   * @param retiredAny whether old instances were retired: a failed window then leaves the weights
   *     to the revert, which restores the old version's capacity first
   */
  RolloutWindows(
      RolloutContext ctx, RolloutGates gates, RolloutPools pools, BooleanSupplier retiredAny) {
    this.ctx = ctx;
    this.gates = gates;
    this.pools = pools;
    this.retiredAny = retiredAny;
  }

  /** The traffic just changed: the next window counts from now. */
  void trafficChanged() {
    sinceShift = analysis();
  }

  /** The instances are about to change: counters taken now would not count them. */
  void forget() {
    sinceShift = null;
  }

  Uni<Void> bake(Duration duration) {
    return ctx.event(
            ReleaseEventType.BAKE_STARTED,
            "watching "
                + ctx.version()
                + " for "
                + Durations.format(duration)
                + " with the old version warm",
            null)
        .chain(
            () ->
                recorded(
                    Kind.BAKE,
                    sinceShift().watch(duration),
                    "the " + Durations.format(duration) + " bake",
                    () -> false));
  }

  Uni<Void> analyze(Duration window) {
    CompletableFuture<Void> promoted = gates.openHold();
    RolloutAnalysis analysis = sinceShift();
    int weight = pools.fresh().weight();
    return gates
        .enterHold(
            window,
            "analysing " + ctx.version() + " at " + weight + "% for " + Durations.format(window))
        .chain(
            () ->
                recorded(
                    Kind.ANALYSIS,
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
      Kind kind, Uni<AnalysisFigures> judged, String window, BooleanSupplier promotedByHand) {
    return judged
        .chain(
            figures ->
                figures.conclusive()
                    ? ctx.event(
                        kind.passed, ctx.version() + " passed: " + figures.summary(), figures)
                    : new InconclusiveWindow(ctx, gates)
                        .decide(
                            kind.key,
                            window,
                            figures,
                            pools.old() == null ? null : pools.old().version(),
                            promotedByHand.getAsBoolean()))
        .onFailure(AnalysisFailure.class)
        .invoke(this::weighOutNew)
        .onFailure(AnalysisFailure.class)
        .call(e -> ctx.event(kind.failed, e.getMessage(), ((AnalysisFailure) e).figures()));
  }

  /**
   * A failed analysis: weight 0 for the new version at once, in one swap, so it takes no new
   * request while the failure is written down. Only while the old version is complete: with
   * instances already retired, the revert first restores its capacity, then switches.
   */
  private void weighOutNew() {
    if (!retiredAny.getAsBoolean()) {
      pools.weighOutNew();
    }
  }
}
