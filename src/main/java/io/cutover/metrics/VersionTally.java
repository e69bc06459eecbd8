package io.cutover.metrics;

import io.cutover.routing.Backend;
import io.cutover.routing.Latencies;
import io.cutover.routing.UpstreamFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The counters of one version of one service, summed over every instance it has run with since it
 * started: an instance that leaves a running version (a rolling step, a replaced instance) stays
 * here, so the version's totals never go backwards while it runs.
 */
final class VersionTally {
  private final Set<Backend> backends = new HashSet<>();

  void add(Backend backend) {
    backends.add(backend);
  }

  /** Answers by status class, 2xx first. */
  long[] answers() {
    long[] out = new long[4];
    for (Backend backend : backends) {
      for (int i = 0; i < out.length; i++) {
        out[i] += backend.answers(i + 2);
      }
    }
    return out;
  }

  long failures(UpstreamFailure kind) {
    long total = 0;
    for (Backend backend : backends) {
      total += backend.failures(kind);
    }
    return total;
  }

  /** Cumulative latency counts at {@link Latencies#exportedBoundsSeconds()}, then the total. */
  long[] cumulativeLatencies() {
    List<long[]> snapshots = new ArrayList<>(backends.size());
    for (Backend backend : backends) {
      snapshots.add(backend.latencies().snapshot());
    }
    return Latencies.cumulative(Latencies.sum(snapshots));
  }

  double latencySeconds() {
    long nanos = 0;
    for (Backend backend : backends) {
      nanos += backend.latencies().totalNanos();
    }
    return nanos / 1e9;
  }
}
