package io.cutover.instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One process the process driver started, with its whole tree of descendants. Stopping it sends
 * SIGTERM to the tree (a wrapper script would not pass it on), waits up to the stop timeout for
 * every one of them to exit, then SIGKILLs whatever is left.
 */
final class LocalProcess {
  private static final Logger LOG = Logger.getLogger(LocalProcess.class);

  private final Instance instance;
  private final Process process;
  private final ProcessOutput output;
  private final Duration stopTimeout;
  private CompletableFuture<Void> stopped;

  LocalProcess(Instance instance, Process process, ProcessOutput output, Duration stopTimeout) {
    this.instance = instance;
    this.process = process;
    this.output = output;
    this.stopTimeout = stopTimeout;
  }

  Instance instance() {
    return instance;
  }

  Process process() {
    return process;
  }

  ProcessOutput output() {
    return output;
  }

  /** The service's own {@code drain.stop-timeout}, used when the gateway shuts down. */
  Duration stopTimeout() {
    return stopTimeout;
  }

  /** True once the gateway asked it to stop: its exit is then no crash. */
  synchronized boolean stopRequested() {
    return stopped != null;
  }

  /**
   * SIGTERM, then SIGKILL after {@code timeout}; completes once the process is gone. Idempotent.
   */
  synchronized CompletableFuture<Void> stop(Duration timeout) {
    if (stopped != null) {
      return stopped;
    }
    long startedAt = System.nanoTime();
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroy);
    CompletableFuture<?>[] exits = new CompletableFuture<?>[tree.size()];
    exits[0] = process.onExit();
    for (int i = 1; i < tree.size(); i++) {
      exits[i] = tree.get(i).onExit();
    }
    stopped =
        CompletableFuture.allOf(exits)
            .thenApply(done -> false)
            .completeOnTimeout(true, timeout.toMillis(), TimeUnit.MILLISECONDS)
            .thenCompose(
                timedOut ->
                    timedOut ? kill(tree, timeout) : CompletableFuture.completedFuture(null))
            .thenRun(() -> stopped(startedAt));
    return stopped;
  }

  /** The process first, then its descendants, while they still are its descendants. */
  private List<ProcessHandle> tree() {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);
    return tree;
  }

  private CompletableFuture<Void> kill(List<ProcessHandle> tree, Duration timeout) {
    // Children started during the wait count too; a descendant that was reparented is still known.
    Set<ProcessHandle> targets = new LinkedHashSet<>(tree);
    process.descendants().forEach(targets::add);
    int killed = 0;
    for (ProcessHandle handle : targets) {
      if (handle.isAlive() && handle.destroyForcibly()) {
        killed++;
      }
    }
    LOG.warnf(
        "instance killed id=%s pid=%d processes=%d stopTimeout=%s",
        instance.id(), process.pid(), killed, timeout);
    return process.onExit().thenApply(p -> null);
  }

  private void stopped(long startedAt) {
    output.finish();
    instance.state(InstanceState.STOPPED);
    LOG.infof(
        "instance stopped id=%s pid=%d exitCode=%d tookMs=%d",
        instance.id(),
        process.pid(),
        process.exitValue(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
  }
}
