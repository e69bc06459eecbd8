package io.cutover.instance.process;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One process the process driver runs, with its whole tree of descendants: one it started (a child
 * of this JVM), or one a previous gateway started and this one adopted ({@link ProcessAdoption}).
 * Stopping it sends SIGTERM to the tree (a wrapper script would not pass it on), waits up to the
 * stop timeout for every one of them to exit, then SIGKILLs whatever is left.
 */
final class LocalProcess {
  private static final Logger LOG = Logger.getLogger(LocalProcess.class);

  private final Instance instance;
  // Null when adopted: a previous gateway's child is known by its handle only.
  private final Process process;
  private final ProcessHandle handle;
  private final ProcessOutput output;
  private final Duration stopTimeout;
  private final Runnable gone;
  private CompletableFuture<Void> stopped;

  /**
   * @param gone run once a stop has ended the whole tree (the driver forgets its record then)
   */
  LocalProcess(
      Instance instance,
      Process process,
      ProcessOutput output,
      Duration stopTimeout,
      Runnable gone) {
    this(instance, process, process.toHandle(), output, stopTimeout, gone);
  }

  /** A process a previous gateway started, found again by its record. */
  static LocalProcess adopted(
      Instance instance,
      ProcessHandle handle,
      ProcessOutput output,
      Duration stopTimeout,
      Runnable gone) {
    return new LocalProcess(instance, null, handle, output, stopTimeout, gone);
  }

  private LocalProcess(
      Instance instance,
      Process process,
      ProcessHandle handle,
      ProcessOutput output,
      Duration stopTimeout,
      Runnable gone) {
    this.instance = instance;
    this.process = process;
    this.handle = handle;
    this.output = output;
    this.stopTimeout = stopTimeout;
    this.gone = gone;
  }

  Instance instance() {
    return instance;
  }

  /** The JVM's child; null for an adopted process. */
  Process process() {
    return process;
  }

  long pid() {
    return handle.pid();
  }

  /** Completes when the root process is gone (a non-child is polled by the JDK). */
  CompletableFuture<?> onExit() {
    return process != null ? process.onExit() : handle.onExit();
  }

  /** The exit code of a child; -1 for an adopted process (only its parent could know it). */
  int exitCode() {
    return process != null ? process.exitValue() : -1;
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
    stopped =
        new ProcessTree(handle, onExit())
            .stop(timeout)
            .thenAccept(
                killed -> {
                  if (killed > 0) {
                    LOG.warnf(
                        "instance killed id=%s pid=%d processes=%d stopTimeout=%s",
                        instance.id(), pid(), killed, timeout);
                  }
                  stopped(startedAt);
                });
    return stopped;
  }

  private void stopped(long startedAt) {
    gone.run();
    output.finish();
    instance.state(InstanceState.STOPPED);
    LOG.infof(
        "instance stopped id=%s pid=%d exitCode=%d tookMs=%d",
        instance.id(),
        pid(),
        exitCode(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
  }
}
