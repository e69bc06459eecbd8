package io.cutover.deploy;

import io.cutover.config.DeployConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.List;

/**
 * Judges new instances from the gateway's own counters: their error rate over this window (once
 * {@code min-requests} were seen) and whether each is still healthy. Used by the bake (watch for a
 * while) and by analysis steps (wait for a verdict).
 */
final class RolloutAnalysis {
  private static final long POLL_MS = 100;

  private final RolloutContext ctx;
  private final List<Instance> instances;
  private final Duration duration;
  private final DeployConfig.Analysis limits;
  private final long requestsAtStart;
  private final long errorsAtStart;

  RolloutAnalysis(RolloutContext ctx, List<Instance> instances, Duration duration) {
    this.ctx = ctx;
    this.instances = List.copyOf(instances);
    this.duration = duration;
    this.limits = ctx.config().deploy().analysis();
    this.requestsAtStart = requests();
    this.errorsAtStart = errors();
  }

  /** Completes after {@code duration} if nothing broke; fails at the first broken limit. */
  Uni<Void> watch() {
    return poll(false);
  }

  /** Completes once enough requests were seen within the limits; fails when they are broken. */
  Uni<Void> verdict() {
    return poll(true);
  }

  private Uni<Void> poll(boolean untilVerdict) {
    long deadline = System.nanoTime() + duration.toNanos();
    return Uni.createFrom().emitter(emitter -> schedule(emitter, untilVerdict, deadline));
  }

  private void schedule(UniEmitter<? super Void> emitter, boolean untilVerdict, long deadline) {
    ctx.drainer()
        .vertx()
        .setTimer(
            POLL_MS,
            id -> {
              String broken = brokenLimit();
              if (broken != null) {
                emitter.fail(new DeployFailure(broken));
                return;
              }
              long seen = requests() - requestsAtStart;
              boolean enough = seen >= limits.minRequests();
              if (untilVerdict ? enough : System.nanoTime() >= deadline) {
                emitter.complete(null);
                return;
              }
              schedule(emitter, untilVerdict, deadline);
            });
  }

  private String brokenLimit() {
    for (Instance instance : instances) {
      InstanceState state = instance.state();
      if (state == InstanceState.UNHEALTHY || state == InstanceState.STOPPED) {
        return "instance "
            + instance.id()
            + " of "
            + instance.version()
            + " turned "
            + state.name().toLowerCase();
      }
    }
    long seen = requests() - requestsAtStart;
    long failed = errors() - errorsAtStart;
    if (seen >= limits.minRequests() && seen > 0) {
      double rate = (double) failed / seen;
      if (rate > limits.maxErrorRate()) {
        return String.format(
            "error rate %.4f over %d requests is above max-error-rate %.4f",
            rate, seen, limits.maxErrorRate());
      }
    }
    return null;
  }

  private long requests() {
    return instances.stream().mapToLong(i -> i.backend().requests()).sum();
  }

  private long errors() {
    return instances.stream().mapToLong(i -> i.backend().errors()).sum();
  }
}
