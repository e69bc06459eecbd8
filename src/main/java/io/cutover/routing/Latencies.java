package io.cutover.routing;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram: four buckets per power of two of microseconds (about 19%
 * resolution), from 64 µs to about a minute. Recording is one atomic increment; a percentile over a
 * window is the difference of two snapshots.
 */
public final class Latencies {
  private static final int MIN_EXP = 6; // 64 µs: everything faster shares the first bucket
  private static final int MAX_EXP = 26; // ~67 s
  private static final int SUB = 4;
  static final int BUCKETS = (MAX_EXP - MIN_EXP + 1) * SUB;

  /**
   * The upper bounds a Prometheus histogram exports, in microseconds: every power of two from 128
   * µs to about 67 s. Each ends a bucket (the last of its power), so the counts under them are
   * exact; the last bucket also holds everything slower, so it is only {@code +Inf}.
   */
  private static final int EXPORTED = MAX_EXP - MIN_EXP;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  // The buckets cannot give a Prometheus histogram's _sum: this is the least that can.
  private final LongAdder totalNanos = new LongAdder();

  public void record(long nanos) {
    counts.incrementAndGet(bucket(nanos / 1_000));
    totalNanos.add(nanos);
  }

  /** The summed latency of every request recorded so far, in nanoseconds. */
  public long totalNanos() {
    return totalNanos.sum();
  }

  /**
   * The exported upper bounds ({@code le}), in seconds, slowest last; {@code +Inf} not included.
   */
  public static double[] exportedBoundsSeconds() {
    double[] bounds = new double[EXPORTED];
    for (int i = 0; i < EXPORTED; i++) {
      bounds[i] = upperMicros(i * SUB + SUB - 1) / 1e6;
    }
    return bounds;
  }

  /**
   * Cumulative counts of a snapshot (or a sum of them) under each of {@link
   * #exportedBoundsSeconds()}, then the total ({@code +Inf}) last.
   */
  public static long[] cumulative(long[] snapshot) {
    long[] out = new long[EXPORTED + 1];
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (i % SUB == SUB - 1 && i / SUB < EXPORTED) {
        out[i / SUB] = seen;
      }
    }
    out[EXPORTED] = seen;
    return out;
  }

  /** The counts so far, to subtract from a later snapshot. */
  public long[] snapshot() {
    long[] copy = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }

  static int bucket(long micros) {
    if (micros < (1L << MIN_EXP)) {
      return 0;
    }
    int exp = 63 - Long.numberOfLeadingZeros(micros);
    if (exp > MAX_EXP) {
      return BUCKETS - 1;
    }
    int sub = (int) ((micros >>> (exp - 2)) & (SUB - 1));
    return (exp - MIN_EXP) * SUB + sub;
  }

  /** The upper bound of a bucket, in microseconds. */
  static long upperMicros(int bucket) {
    int exp = bucket / SUB + MIN_EXP;
    int sub = bucket % SUB;
    return (1L << exp) + ((sub + 1L) << (exp - 2));
  }

  /**
   * The latency at or under which {@code quantile} of the requests between two snapshots fell, in
   * microseconds (a bucket's upper bound); 0 when there were none.
   */
  public static long quantileMicros(long[] from, long[] to, double quantile) {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += to[i] - from[i];
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += to[i] - from[i];
      if (seen >= rank) {
        return upperMicros(i);
      }
    }
    return upperMicros(BUCKETS - 1);
  }

  /**
   * How many requests between two snapshots surely took longer than {@code micros}: those in
   * buckets that start at or above it.
   */
  public static long countAbove(long[] from, long[] to, long micros) {
    long count = 0;
    for (int i = 1; i < BUCKETS; i++) {
      if (upperMicros(i - 1) >= micros) {
        count += to[i] - from[i];
      }
    }
    return count;
  }

  /** Sums the snapshots of several instances (a pool) bucket by bucket. */
  public static long[] sum(Iterable<long[]> snapshots) {
    long[] total = new long[BUCKETS];
    for (long[] s : snapshots) {
      for (int i = 0; i < BUCKETS; i++) {
        total[i] += s[i];
      }
    }
    return total;
  }
}
