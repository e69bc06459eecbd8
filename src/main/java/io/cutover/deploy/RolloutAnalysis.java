package io.cutover.deploy;

import io.cutover.config.DeployConfig;
import io.cutover.config.Durations;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.routing.Latencies;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Judges the new version from the gateway's own measurements over a window: the requests its
 * instances served, their 5xx and connection-error rate, their p99 latency, and whether each is
 * still healthy; and against the stable version over the same window ({@link StableComparison}).
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
    this.candidateWindow = new Window(this.candidates, limitMicros());
    this.stableWindow = new Window(this.stable, limitMicros());
  }

  /**
   * A bake: completes after {@code duration} unless a limit clearly breaks first, then judges the
   * whole window (too few requests: the caller's inconclusive verdict).
   */
  Uni<AnalysisFigures> watch(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    return poll(() -> System.nanoTime() >= deadline);
  }

  /**
   * An analysis step: holds for {@code window} (until {@code promoted} when zero), failing fast on
   * a clearly broken limit, then judges the whole window; with fewer than {@code min-requests} the
   * figures complete as they are, for the caller's inconclusive verdict. A promote ends the window
   * at once, with that verdict.
   */
  Uni<AnalysisFigures> judge(Duration window, CompletableFuture<Void> promoted) {
    long deadline = System.nanoTime() + window.toNanos();
    return poll(() -> promoted.isDone() || (!window.isZero() && System.nanoTime() >= deadline));
  }

  private Uni<AnalysisFigures> poll(BooleanSupplier done) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              AtomicBoolean over = new AtomicBoolean();
              // An abort that won the race cancels the verdict: stop watching at once.
              emitter.onTermination(() -> over.set(true));
              schedule(emitter, done, over);
            });
  }

  private void schedule(
      UniEmitter<? super AnalysisFigures> emitter, BooleanSupplier done, AtomicBoolean over) {
    ctx.drainer()
        .vertx()
        .setTimer(
            POLL_MS,
            id -> {
              if (over.get()) {
                return;
              }
              AnalysisFigures figures = figures();
              boolean end = done.getAsBoolean();
              String broken = brokenLimit(figures, end);
              if (broken != null) {
                emitter.fail(new AnalysisFailure(broken, figures));
              } else if (end) {
                emitter.complete(figures);
              } else {
                schedule(emitter, done, over);
              }
            });
  }

  AnalysisFigures figures() {
    AnalysisFigures.Side canary = candidateWindow.figures();
    AnalysisFigures.Side live = stableWindow.figures();
    return new AnalysisFigures(
        canary, live, limits, StableComparison.of(canary, live, limits, candidateWindow::slower));
  }

  /**
   * The limit the new version broke, or null. Before the end only a clear breach counts (even the
   * lowest rate the figures plausibly come from is over the limit), so an early unlucky error or
   * slow request among few does not end a canary that the whole window would pass; at the end the
   * measured figures decide, and the canary is compared with the stable version (only then: one
   * test per window, not one per poll, keeps chance from failing a good canary).
   */
  private String brokenLimit(AnalysisFigures figures, boolean verdict) {
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
    String above = verdict ? "above" : "clearly above";
    double errorRate =
        verdict ? canary.errorRate() : lowestPlausibleRate(canary.errors(), canary.requests());
    if (errorRate > limits.maxErrorRate()) {
      return String.format(
          "error rate %.4f (%d of %d requests) is %s max-error-rate %s",
          canary.errorRate(), canary.errors(), canary.requests(), above, limits.maxErrorRate());
    }
    boolean slow =
        verdict
            ? canary.p99Micros() > limitMicros()
            : lowestPlausibleRate(canary.slow(), canary.requests()) > 0.01;
    if (slow) {
      return String.format(
          "p99 latency %.1f ms (%d of %d requests slower than the limit) is %s max-p99-latency %s",
          canary.p99Micros() / 1000.0,
          canary.slow(),
          canary.requests(),
          above,
          Durations.format(limits.maxP99Latency()));
    }
    StableComparison compared = figures.comparison();
    return verdict && compared != null
        ? compared.broken(canary, figures.stable(), limits.maxP99Increase())
        : null;
  }

  private long limitMicros() {
    return limits.maxP99Latency().toNanos() / 1_000;
  }

  /** The low end of the 99% Wilson score interval of {@code hits} out of {@code n}. */
  static double lowestPlausibleRate(long hits, long n) {
    if (n == 0) {
      return 0;
    }
    double z = 2.576;
    double p = (double) hits / n;
    double centre = p + z * z / (2.0 * n);
    double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return (centre - spread) / (1 + z * z / n);
  }

  /** Counters of a set of instances since the window began. */
  private static final class Window {
    private final List<Instance> instances;
    private final long requests;
    private final long errors;
    private final long[] latencies;
    private final long slowMicros;

    Window(List<Instance> instances, long slowMicros) {
      this.instances = instances;
      this.slowMicros = slowMicros;
      this.requests = requests(instances);
      this.errors = errors(instances);
      this.latencies = latencies(instances);
    }

    AnalysisFigures.Side figures() {
      long seen = requests(instances) - requests;
      long failed = errors(instances) - errors;
      long[] now = latencies(instances);
      long p99 = Latencies.quantileMicros(latencies, now, 0.99);
      long slow = Latencies.countAbove(latencies, now, slowMicros);
      return new AnalysisFigures.Side(seen, failed, p99, slow);
    }

    /** Requests since the window began surely slower than {@code micros}. */
    long slower(long micros) {
      return Latencies.countAbove(latencies, latencies(instances), micros);
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
