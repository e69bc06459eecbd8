package io.cutover.deploy;

import io.cutover.instance.Instance;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The instance starts of one rollout, kept out of the abort race: an abort cancels the step that
 * waits for a start, never the start itself, so an instance a driver hands back after the abort
 * still reaches the rollout's pools (the start's own callback adds it), and the revert, which first
 * waits for every start to settle, drains and stops it with the rest. Nothing started is left
 * unmanaged.
 */
final class StartsInFlight {
  private final List<CompletableFuture<Instance>> starts = new ArrayList<>();

  /** Runs {@code start} to its end whatever happens to the returned Uni. */
  synchronized Uni<Instance> track(Uni<Instance> start) {
    CompletableFuture<Instance> running = start.subscribeAsCompletionStage();
    starts.add(running);
    // A copy: cancelling the waiting step must not cancel the start.
    return Uni.createFrom().completionStage(running.copy());
  }

  /** Completes once every start so far has succeeded or failed. */
  Uni<Void> settled() {
    CompletableFuture<?>[] all;
    synchronized (this) {
      all = starts.toArray(CompletableFuture<?>[]::new);
    }
    return Uni.createFrom()
        .completionStage(CompletableFuture.allOf(all).handle((done, failure) -> (Void) null));
  }
}
