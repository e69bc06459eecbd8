package io.cutover.instance.kubernetes;

import io.cutover.config.DriverConfig;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.instance.Placeholders;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A release command in a one-off pod of the new version's image ({@code restartPolicy: Never}): the
 * instances' environment and labels ({@code cutover.instance=release-command}), no probe, no
 * traffic. Its end is heard through the pod watch; it is deleted when it ends, and at its timeout
 * (which kills it). A pod that cannot run at all (its image cannot be pulled) fails with the pod's
 * events. Blocking.
 */
final class OneOffPod {
  private static final Logger LOG = Logger.getLogger(OneOffPod.class);
  private static final int TAIL_LINES = 50;

  private final Cluster cluster;

  OneOffPod(Cluster cluster) {
    this.cluster = cluster;
  }

  OneOffResult run(OneOffRun run) {
    DriverConfig driver = run.config().driver();
    String namespace = cluster.watched(run.service(), driver.kubernetes());
    String name =
        "cutover-"
            + run.service()
            + "-release-"
            + run.releaseId()
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    Placeholders values = new Placeholders(run.version(), driver.kubernetes().port(), 0);
    Pod pod =
        PodRequest.oneOff(
            name,
            namespace,
            PodLabels.of(run.service(), run.releaseId(), run.version(), PodLabels.RELEASE_COMMAND),
            driver,
            values,
            run.command());
    CompletableFuture<PodOutcome> end = cluster.watch().await(namespace, name, PodOutcome::ended);
    long began = System.nanoTime();
    try {
      cluster.create(pod);
    } catch (RuntimeException e) {
      end.cancel(false);
      throw cluster.failure(run.service(), "create release command pod " + name, e);
    }
    LOG.infof(
        "release command started service=%s version=%s namespace=%s pod=%s image=%s",
        run.service(), run.version(), namespace, name, PodRequest.imageOf(driver, values));
    try {
      PodOutcome outcome = await(end, run.timeout());
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      if (outcome == null) {
        String output = PodReport.lastLines(cluster.client(), namespace, name, TAIL_LINES);
        if (output.isBlank()) {
          output =
              cluster.watch().pod(namespace, name).map(PodState::summary).orElse("")
                  + reportOf(namespace, name);
        }
        return new OneOffResult(-1, true, took, output);
      }
      if (!outcome.ok()) {
        throw new InstanceStartException(
            run.service(),
            "release command pod "
                + name
                + " of image "
                + PodRequest.imageOf(driver, values)
                + " could not run: "
                + outcome.failure()
                + reportOf(namespace, name));
      }
      int exitCode = PodState.exitCode(outcome.pod()).orElse(-1);
      String output = PodReport.lastLines(cluster.client(), namespace, name, TAIL_LINES);
      return new OneOffResult(exitCode, false, took, output);
    } finally {
      // Killed at once if it still runs (its timeout); its output was read above.
      try {
        cluster.client().pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
      } catch (RuntimeException e) {
        LOG.warnf("release command pod not deleted pod=%s reason=%s", name, e.getMessage());
      }
    }
  }

  private String reportOf(String namespace, String name) {
    String events = PodReport.events(cluster.client(), namespace, name);
    return events.isBlank() ? "" : "; events: " + events;
  }

  /** Its end, or null at the timeout. */
  private static PodOutcome await(CompletableFuture<PodOutcome> end, Duration timeout) {
    try {
      return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      end.cancel(false);
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
