package io.cutover.deploy;

import io.cutover.config.Durations;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseStatus;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The manual controls of a running release: a pause by hand holds it between steps until resume; a
 * pause step waits its time or for promote. Either way the release is {@code paused} meanwhile.
 *
 * <p>A pause by hand never cuts a step short: a timed analysis window under way runs to its verdict
 * (a breach still fails the release), and the walk holds at the next step boundary. Paused by hand
 * while waiting for promote, a promote ends the hold but the release stays paused until resume.
 */
final class RolloutGates {
  private final RolloutContext ctx;
  private final CompletableFuture<String> aborted;
  private volatile CompletableFuture<Void> promoted = new CompletableFuture<>();
  private volatile CompletableFuture<Void> resumed = CompletableFuture.completedFuture(null);
  private volatile boolean waitingForPromote;

  RolloutGates(RolloutContext ctx, CompletableFuture<String> aborted) {
    this.ctx = ctx;
    this.aborted = aborted;
  }

  /** Next step, or finish the current pause. False when nothing waits for a promote. */
  boolean promote() {
    boolean waiting = waitingForPromote;
    promoted.complete(null);
    return waiting;
  }

  synchronized void pauseByHand() {
    if (resumed.isDone()) {
      resumed = new CompletableFuture<>();
    }
  }

  synchronized boolean resume() {
    boolean wasPaused = !resumed.isDone();
    resumed.complete(null);
    return wasPaused;
  }

  boolean pausedByHand() {
    return !resumed.isDone();
  }

  Uni<Void> betweenSteps() {
    CompletableFuture<Void> gate = resumed;
    return gate.isDone() ? Uni.createFrom().voidItem() : heldByHand(gate);
  }

  private Uni<Void> heldByHand(CompletableFuture<Void> gate) {
    return paused("paused by hand: resume to go on")
        .chain(() -> Uni.createFrom().completionStage(CompletableFuture.anyOf(gate, aborted)))
        .chain(this::deploying);
  }

  /** A pause step: waits {@code duration}; zero waits for promote. A promote ends it early. */
  Uni<Void> pause(Duration duration) {
    CompletableFuture<Void> promote = openHold();
    Uni<Void> promotedOrDone = Uni.createFrom().completionStage(promote.copy());
    Uni<Void> wait =
        duration.isZero()
            ? promotedOrDone
            : Uni.combine()
                .any()
                .of(promotedOrDone, Uni.createFrom().voidItem().onItem().delayIt().by(duration))
                .replaceWithVoid();
    return enterHold(duration, "pausing " + Durations.format(duration) + " (promote skips)")
        .chain(() -> wait)
        .eventually(() -> waitingForPromote = false)
        .chain(() -> leaveHold(duration));
  }

  /**
   * Holds the release {@code paused} with {@code why} until promote (an abort wakes it too, and the
   * rollout's abort race takes it from there).
   */
  Uni<Void> holdForPromote(String why) {
    CompletableFuture<Void> promote = openHold();
    return paused(why)
        .chain(() -> Uni.createFrom().completionStage(promote.copy()))
        .eventually(() -> waitingForPromote = false)
        .chain(() -> leaveHold(Duration.ZERO));
  }

  /** A new promote signal for the hold about to start; {@link #promote()} completes it. */
  CompletableFuture<Void> openHold() {
    CompletableFuture<Void> promote = new CompletableFuture<>();
    promoted = promote;
    waitingForPromote = true;
    return promote;
  }

  /** Only a hold that waits for promote makes the release {@code paused}; a timed one is not. */
  Uni<Void> enterHold(Duration duration, String timedWhy) {
    return duration.isZero()
        ? paused("waiting for promote")
        : ctx.event(ReleaseEventType.RELEASE_WAITING, timedWhy, null);
  }

  Uni<Void> leaveHold(Duration duration) {
    waitingForPromote = false;
    if (!duration.isZero()) {
      return Uni.createFrom().voidItem();
    }
    // Paused by hand meanwhile: stay paused (never a blink of deploying) until resume.
    CompletableFuture<Void> gate = resumed;
    return gate.isDone() ? deploying() : heldByHand(gate);
  }

  private Uni<Void> paused(String why) {
    return ctx.history()
        .moveTo(ctx.releaseId(), ReleaseStatus.PAUSED, why)
        .replaceWithVoid()
        .chain(() -> ctx.event(ReleaseEventType.RELEASE_PAUSED, why, null));
  }

  private Uni<Void> deploying() {
    if (aborted.isDone()) {
      return Uni.createFrom().voidItem(); // the abort race in the caller takes it from here
    }
    return ctx.history()
        .moveTo(ctx.releaseId(), ReleaseStatus.DEPLOYING, null)
        .replaceWithVoid()
        .chain(() -> ctx.event(ReleaseEventType.RELEASE_RESUMED, "deploying again", null));
  }
}
