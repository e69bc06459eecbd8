package io.cutover.deploy;

import io.cutover.config.DeployConfig;
import java.util.function.LongUnaryOperator;

/**
 * The canary judged against the stable version over the same window, as the best canary tools do:
 * limits relative to what the live version does under the same traffic, not only absolute ones.
 *
 * <p>Error rate: a one-sided two-proportion z-test with continuity correction, at 99% confidence (z
 * above {@value #Z_99}): the canary fails only when its error rate is above the stable's by more
 * than chance explains, so one unlucky error among few requests never does.
 *
 * <p>p99: the canary fails when its p99 is over {@code max-p99-increase} times the stable's, and
 * significantly so: more than 1% of its requests were surely slower than that limit, even at the
 * low end of their 99% Wilson interval. The limit is never below {@value #P99_FLOOR_MICROS} µs:
 * under that, scheduling noise of the machine decides, not the version.
 *
 * <p>Made only when both versions served at least {@code min-requests} (at least one) in the
 * window: a stable version that took no traffic (after a blue-green switch, say) gives nothing to
 * compare.
 *
 * @param errorRateZ the z statistic of canary over stable error rate (0 when no error anywhere)
 * @param p99LimitMicros {@code max-p99-increase} times the stable's p99, at least the floor
 * @param slowerThanLimit canary requests surely slower than {@code p99LimitMicros}
 */
record StableComparison(double errorRateZ, long p99LimitMicros, long slowerThanLimit) {
  static final double Z_99 = 2.326;
  static final long P99_FLOOR_MICROS = 5_000;

  /**
   * The comparison of this window, or null when either side has too few requests.
   *
   * @param canarySlowerThan how many canary requests of the window were surely slower than the
   *     given µs
   */
  static StableComparison of(
      AnalysisFigures.Side canary,
      AnalysisFigures.Side stable,
      DeployConfig.Analysis limits,
      LongUnaryOperator canarySlowerThan) {
    long enough = Math.max(1, limits.minRequests());
    if (canary.requests() < enough || stable.requests() < enough) {
      return null;
    }
    double z = errorRateZ(canary.errors(), canary.requests(), stable.errors(), stable.requests());
    long limit =
        Math.max(P99_FLOOR_MICROS, (long) Math.ceil(limits.maxP99Increase() * stable.p99Micros()));
    return new StableComparison(z, limit, canarySlowerThan.applyAsLong(limit));
  }

  /**
   * One-sided two-proportion z statistic of {@code e1/n1} over {@code e2/n2}, pooled, with a
   * continuity correction (small counts are otherwise judged too harshly).
   */
  static double errorRateZ(long e1, long n1, long e2, long n2) {
    double pooled = (double) (e1 + e2) / (n1 + n2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    if (se == 0) {
      return 0;
    }
    double difference = (double) e1 / n1 - (double) e2 / n2;
    double corrected = difference - 0.5 * (1.0 / n1 + 1.0 / n2);
    return Math.max(0, corrected) / se;
  }

  /** The comparison the canary failed, for a person, or null. */
  String broken(AnalysisFigures.Side canary, AnalysisFigures.Side stable, double increase) {
    if (errorRateZ > Z_99) {
      return String.format(
          "error rate %.4f (%d of %d requests) is significantly above the stable version's %.4f"
              + " (%d of %d) at 99%% confidence (z %.2f > %.3f)",
          canary.errorRate(),
          canary.errors(),
          canary.requests(),
          stable.errorRate(),
          stable.errors(),
          stable.requests(),
          errorRateZ,
          Z_99);
    }
    if (canary.p99Micros() > p99LimitMicros
        && RolloutAnalysis.lowestPlausibleRate(slowerThanLimit, canary.requests()) > 0.01) {
      return String.format(
          "p99 latency %.1f ms is over max-p99-increase %s times the stable version's %.1f ms"
              + " (limit %.1f ms; %d of %d requests slower)",
          canary.p99Micros() / 1000.0,
          increase,
          stable.p99Micros() / 1000.0,
          p99LimitMicros / 1000.0,
          slowerThanLimit,
          canary.requests());
    }
    return null;
  }
}
