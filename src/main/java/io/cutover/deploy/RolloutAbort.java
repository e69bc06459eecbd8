package io.cutover.deploy;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The abort signal of one rollout and its race against each step: an abort ends the step under way
 * at once (a long wait for health, a pause, a bake), and no step begins after it.
 */
final class RolloutAbort {
  private final CompletableFuture<String> signal = new CompletableFuture<>();

  /** Aborts with {@code reason}; the first reason wins. */
  void abort(String reason) {
    signal.complete(reason);
  }

  /** Completes with the reason once aborted; the gates wake a pause on it. */
  CompletableFuture<String> signal() {
    return signal;
  }

  /**
   * Builds and runs {@code step} unless aborted already: an abort that came while no step ran
   * (paused by hand) must not let the next step begin, as a traffic shift would take effect the
   * moment it is built.
   */
  Uni<Void> race(Supplier<Uni<Void>> step) {
    if (signal.isDone()) {
      return Uni.createFrom().failure(new RolloutAborted(signal.getNow("aborted")));
    }
    Uni<Void> running = step.get();
    Uni<Void> aborted =
        Uni.createFrom()
            // A copy: the race cancels its loser, and the signal itself must outlive each step.
            .completionStage(signal.copy())
            .onItem()
            .transform(
                reason -> {
                  throw new RolloutAborted(reason);
                });
    return Uni.combine().any().of(running, aborted).replaceWithVoid();
  }
}
