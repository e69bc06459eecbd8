package io.cutover.service;

/**
 * The last few samples of one instance's cumulative counters, so a rate is the difference across
 * the window instead of a counter since the instance started (which hides what happens now).
 *
 * <p>Written by the one sampler thread only; read by the admin API, which may see a sample being
 * written: a rate off by one sample is harmless, so the fields are plain and only {@code size} is
 * volatile, written last.
 */
final class RateWindow {
  private final long[] nanos;
  private final long[] requests;
  private final long[] errors;
  private int next;
  private volatile int size;

  RateWindow(int samples) {
    if (samples < 2) {
      throw new IllegalArgumentException("a rate needs two samples, got " + samples);
    }
    nanos = new long[samples];
    requests = new long[samples];
    errors = new long[samples];
  }

  void add(long atNanos, long requestCount, long errorCount) {
    nanos[next] = atNanos;
    requests[next] = requestCount;
    errors[next] = errorCount;
    next = (next + 1) % nanos.length;
    size = Math.min(size + 1, nanos.length);
  }

  /** Requests per second and errors per second across the window; zero until two samples. */
  TrafficRate rate() {
    int count = size;
    if (count < 2) {
      return TrafficRate.NONE;
    }
    int newest = (next - 1 + nanos.length) % nanos.length;
    int oldest = count < nanos.length ? 0 : next;
    double seconds = (nanos[newest] - nanos[oldest]) / 1e9;
    if (seconds <= 0) {
      return TrafficRate.NONE;
    }
    return new TrafficRate(
        Math.max(0, requests[newest] - requests[oldest]) / seconds,
        Math.max(0, errors[newest] - errors[oldest]) / seconds);
  }
}
