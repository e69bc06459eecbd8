package io.cutover.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cutover.config.DeployConfig;

/**
 * What an analysis measured over its window, for the release's events and its verdict.
 *
 * @param candidate the new version's instances
 * @param stable the live version's instances over the same window (empty when it has none)
 * @param comparison the candidate against the stable, or null when either had too few requests
 */
record AnalysisFigures(
    Side candidate, Side stable, DeployConfig.Analysis limits, StableComparison comparison) {

  /**
   * Requests, 5xx and connection errors, p99 latency (µs), and requests surely slower than
   * max-p99-latency, of one side.
   */
  record Side(long requests, long errors, long p99Micros, long slow) {
    @JsonProperty("errorRate")
    double errorRate() {
      return requests == 0 ? 0 : (double) errors / requests;
    }
  }

  /** Enough requests on the new version for a verdict ({@code min-requests}). */
  boolean conclusive() {
    return candidate.requests() >= limits.minRequests();
  }

  String summary() {
    return String.format(
        "canary %d requests, error rate %.4f, p99 %.1f ms; stable %d requests, error rate %.4f, p99 %.1f ms",
        candidate.requests(),
        candidate.errorRate(),
        candidate.p99Micros() / 1000.0,
        stable.requests(),
        stable.errorRate(),
        stable.p99Micros() / 1000.0);
  }
}
