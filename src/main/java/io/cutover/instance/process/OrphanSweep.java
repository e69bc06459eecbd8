package io.cutover.instance.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * At start, stops the instances a gateway that was killed left running, found by their {@link
 * InstanceRecord}s: SIGTERM to the whole tree, SIGKILL after the stop timeout they were started
 * with. A process is stopped only while its pid and its start time both match its record, and only
 * once the gateway that started it is gone: never a process the gateway did not record, nor one of
 * a gateway still running on the same data dir.
 */
final class OrphanSweep {
  private static final Logger LOG = Logger.getLogger(OrphanSweep.class);

  private final InstanceRecords records;

  OrphanSweep(InstanceRecords records) {
    this.records = records;
  }

  /** Stops every orphan and removes the records of processes gone; returns how many it stopped. */
  int run() {
    // A live gateway's (or another driver's in this JVM) is no orphan.
    return run(record -> !record.ownerRunning());
  }

  /**
   * Stops the recorded processes {@code over} picks and removes the records of processes gone;
   * returns how many it stopped.
   */
  int run(Predicate<InstanceRecord> over) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (InstanceRecord record : records.all()) {
      if (!over.test(record)) {
        continue;
      }
      if (!record.processRunning()) {
        LOG.debugf("instance record dropped id=%s reason=process gone", record.id());
        records.remove(record.id());
        continue;
      }
      stops.add(stop(record));
    }
    CompletableFuture.allOf(stops.toArray(CompletableFuture<?>[]::new)).join();
    return stops.size();
  }

  private CompletableFuture<Void> stop(InstanceRecord record) {
    Optional<ProcessHandle> root = ProcessHandle.of(record.pid());
    ProcessTree tree = root.map(handle -> new ProcessTree(handle, handle.onExit())).orElse(null);
    // Checked again once the tree is known: the pid is still the recorded process, not a newer one.
    if (tree == null || !record.processRunning()) {
      records.remove(record.id());
      return CompletableFuture.completedFuture(null);
    }
    long startedAt = System.nanoTime();
    LOG.warnf(
        "orphan instance stopping id=%s service=%s version=%s pid=%d port=%d processes=%d",
        record.id(), record.service(), record.version(), record.pid(), record.port(), tree.size());
    return tree.stop(Duration.ofMillis(record.stopTimeoutMs()))
        .thenAccept(
            killed -> {
              records.remove(record.id());
              LOG.infof(
                  "orphan instance stopped id=%s pid=%d killed=%d tookMs=%d",
                  record.id(),
                  record.pid(),
                  killed,
                  TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            });
  }
}
