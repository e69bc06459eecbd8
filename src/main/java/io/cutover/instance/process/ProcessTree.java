package io.cutover.instance.process;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process and its descendants, stopped together: SIGTERM to each (a wrapper script would not pass
 * it on), then SIGKILL to whatever is left after the stop timeout.
 */
final class ProcessTree {
  private final ProcessHandle root;
  private final CompletableFuture<?> rootExit;
  private final Set<ProcessHandle> members = new LinkedHashSet<>();

  /**
   * @param rootExit when the root is gone ({@link Process#onExit()} for a child of this JVM)
   */
  ProcessTree(ProcessHandle root, CompletableFuture<?> rootExit) {
    this.root = root;
    this.rootExit = rootExit;
    members.add(root);
    root.descendants().forEach(members::add);
  }

  int size() {
    return members.size();
  }

  /** Completes with the number of processes that had to be killed once every one is gone. */
  CompletableFuture<Integer> stop(Duration timeout) {
    members.forEach(ProcessHandle::destroy);
    return gone()
        .thenApply(done -> false)
        .completeOnTimeout(true, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(timedOut -> timedOut ? kill() : CompletableFuture.completedFuture(0));
  }

  private CompletableFuture<Integer> kill() {
    // Children started during the wait count too; a descendant that was reparented is still known.
    root.descendants().forEach(members::add);
    int killed = 0;
    for (ProcessHandle handle : members) {
      // A handle checks the process's start time too: a pid reused meanwhile is not signalled.
      if (handle.isAlive() && handle.destroyForcibly()) {
        killed++;
      }
    }
    int count = killed;
    // Only the root is awaited: a killed grandchild waits on init to reap it, which may lag.
    return rootExit.thenApply(done -> count);
  }

  private CompletableFuture<Void> gone() {
    CompletableFuture<?>[] exits = new CompletableFuture<?>[members.size()];
    int i = 0;
    for (ProcessHandle handle : members) {
      exits[i++] = handle == root ? rootExit : handle.onExit();
    }
    return CompletableFuture.allOf(exits);
  }
}
