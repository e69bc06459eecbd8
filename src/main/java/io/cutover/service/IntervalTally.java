package io.cutover.service;

import io.cutover.routing.Backend;
import io.cutover.routing.Latencies;

/**
 * What one version's instances did between two samples: the differences of each instance's
 * cumulative counters, summed. An instance seen for the first time adds nothing (it has no earlier
 * sample), so a counter since its start never shows up as one interval's burst.
 */
final class IntervalTally {
  private long requests;
  private long errors;
  private long[] latencies;
  private boolean measured;

  /** One instance's counters at a sample, to subtract from its next one. */
  record Counters(long requests, long errors, long[] latencies) {
    static Counters of(Backend backend) {
      return new Counters(backend.requests(), backend.errors(), backend.latencies().snapshot());
    }
  }

  void add(Counters before, Counters now) {
    measured = true;
    requests += Math.max(0, now.requests() - before.requests());
    errors += Math.max(0, now.errors() - before.errors());
    if (latencies == null) {
      latencies = new long[now.latencies().length];
    }
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] += Math.max(0, now.latencies()[i] - before.latencies()[i]);
    }
  }

  /** False when none of its instances had an earlier sample: no point for this interval. */
  boolean measured() {
    return measured;
  }

  TrafficPoint point(double seconds) {
    double rps = seconds <= 0 ? 0 : requests / seconds;
    double errorRate = requests == 0 ? 0 : Math.min(1, errors / (double) requests);
    long p99Micros =
        Latencies.quantileMicros(new long[latencies.length], latencies, TrafficSeries.QUANTILE);
    return new TrafficPoint(rps, errorRate, p99Micros / 1000.0);
  }
}
