package io.cutover.service;

/**
 * The last {@code capacity} points of one version: when each was taken, its requests per second,
 * error rate and p99. Written by the one sampler thread, read by the admin API; both sides lock
 * this object, which only they touch and never on the proxy's path.
 */
final class VersionSeries {
  private final long[] atMillis;
  private final double[] requestsPerSecond;
  private final double[] errorRate;
  private final double[] p99Millis;
  private int next;
  private int size;

  VersionSeries(int capacity) {
    atMillis = new long[capacity];
    requestsPerSecond = new double[capacity];
    errorRate = new double[capacity];
    p99Millis = new double[capacity];
  }

  synchronized void add(long at, TrafficPoint point) {
    atMillis[next] = at;
    requestsPerSecond[next] = point.requestsPerSecond();
    errorRate[next] = point.errorRate();
    p99Millis[next] = point.p99Millis();
    next = (next + 1) % atMillis.length;
    size = Math.min(size + 1, atMillis.length);
  }

  /** The points oldest first, as copies. */
  synchronized TrafficSeries.Columns columns(String version) {
    long[] at = new long[size];
    double[] rps = new double[size];
    double[] errors = new double[size];
    double[] p99 = new double[size];
    int oldest = size < atMillis.length ? 0 : next;
    for (int i = 0; i < size; i++) {
      int from = (oldest + i) % atMillis.length;
      at[i] = atMillis[from];
      rps[i] = requestsPerSecond[from];
      errors[i] = errorRate[from];
      p99[i] = p99Millis[from];
    }
    return new TrafficSeries.Columns(version, at, rps, errors, p99);
  }
}
