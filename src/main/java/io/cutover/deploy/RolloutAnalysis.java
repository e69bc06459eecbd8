package io.cutover.deploy;

import io.cutover.config.DeployConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.routing.Latencies;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Judges the new version from the gateway's own measurements over a window: the requests its
 * instances served, their 5xx and connection-error rate, their p99 latency, and whether each is
 * still healthy; the stable version's figures over the same window are kept for comparison.
 */
final class RolloutAnalysis {
  private static final long POLL_MS = 100;

  private final RolloutContext ctx;
  private final List<Instance> candidates;
  private final List<Instance> stable;
  private final DeployConfig.Analysis limits;
  private final Window candidateWindow;
  private final Window stableWindow;

  RolloutAnalysis(RolloutContext ctx, List<Instance> candidates, List<Instance> stable) {
    this.ctx = ctx;
    this.candidates = List.copyOf(candidates);
    this.stable = List.copyOf(stable);
    this.limits = ctx.config().deploy().analysis();
    this.candidateWindow = new Window(this.candidates);
    this.stableWindow = new Window(this.stable);
  }

  /**
   * A bake: completes after {@code duration} unless a limit breaks first. Little traffic is no
   * reason to hold a bake.
   */
  Uni<AnalysisFigures> watch(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    return poll(() -> System.nanoTime() >= deadline);
  }

  /**
   * An analysis step: holds for {@code window} (until {@code promoted} when zero), failing fast on
   * a broken limit; past the window it still waits for {@code min-requests} before a verdict. A
   * promote ends it at once.
   */
  Uni<AnalysisFigures> judge(Duration window, CompletableFuture<Void> promoted) {
    long deadline = System.nanoTime() + window.toNanos();
    return poll(
        () ->
            promoted.isDone()
                || (!window.isZero()
                    && System.nanoTime() >= deadline
                    && candidateWindow.figures().requests() >= limits.minRequests()));
  }

  private Uni<AnalysisFigures> poll(java.util.function.BooleanSupplier done) {
    return Uni.createFrom().emitter(emitter -> schedule(emitter, done));
  }

  private void schedule(
      UniEmitter<? super AnalysisFigures> emitter, java.util.function.BooleanSupplier done) {
    ctx.drainer()
        .vertx()
        .setTimer(
            POLL_MS,
            id -> {
              AnalysisFigures figures = figures();
              String broken = brokenLimit(figures);
              if (broken != null) {
                emitter.fail(new AnalysisFailure(broken, figures));
              } else if (done.getAsBoolean()) {
                emitter.complete(figures);
              } else {
                schedule(emitter, done);
              }
            });
  }

  AnalysisFigures figures() {
    return new AnalysisFigures(candidateWindow.figures(), stableWindow.figures(), limits);
  }

  private String brokenLimit(AnalysisFigures figures) {
    for (Instance instance : candidates) {
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
    AnalysisFigures.Side canary = figures.candidate();
    if (canary.requests() < limits.minRequests()) {
      return null;
    }
    if (canary.errorRate() > limits.maxErrorRate()) {
      return String.format(
          "error rate %.4f (%d of %d requests) is above max-error-rate %s",
          canary.errorRate(), canary.errors(), canary.requests(), limits.maxErrorRate());
    }
    if (canary.p99Micros() > limits.maxP99Latency().toNanos() / 1_000) {
      return String.format(
          "p99 latency %.1f ms over %d requests is above max-p99-latency %s",
          canary.p99Micros() / 1000.0, canary.requests(), limits.maxP99Latency());
    }
    return null;
  }

  /** Counters of a set of instances since the window began. */
  private static final class Window {
    private final List<Instance> instances;
    private final long requests;
    private final long errors;
    private final long[] latencies;

    Window(List<Instance> instances) {
      this.instances = instances;
      this.requests = requests(instances);
      this.errors = errors(instances);
      this.latencies = latencies(instances);
    }

    AnalysisFigures.Side figures() {
      long seen = requests(instances) - requests;
      long failed = errors(instances) - errors;
      long p99 = Latencies.quantileMicros(latencies, latencies(instances), 0.99);
      return new AnalysisFigures.Side(seen, failed, p99);
    }

    private static long requests(List<Instance> instances) {
      return instances.stream().mapToLong(i -> i.backend().requests()).sum();
    }

    private static long errors(List<Instance> instances) {
      return instances.stream().mapToLong(i -> i.backend().errors()).sum();
    }

    private static long[] latencies(List<Instance> instances) {
      return Latencies.sum(
          instances.stream().map(i -> i.backend().latencies().snapshot()).toList());
    }
  }
}
