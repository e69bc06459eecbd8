package io.cutover.support;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples what a buffered body would occupy: the old generation of the heap (where a large body
 * array would land) plus Netty's direct memory. Young-generation churn is garbage and not counted.
 */
public final class MemoryWatch implements AutoCloseable {
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final long baseline;
  private final AtomicLong peak = new AtomicLong();
  private final List<MemoryPoolMXBean> oldGen;

  private MemoryWatch() {
    oldGen =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
            .toList();
    System.gc();
    baseline = sample();
    peak.set(baseline);
    sampler.scheduleAtFixedRate(
        () -> peak.accumulateAndGet(sample(), Math::max), 0, 5, TimeUnit.MILLISECONDS);
  }

  public static MemoryWatch start() {
    return new MemoryWatch();
  }

  private long sample() {
    long used = PlatformDependent.usedDirectMemory();
    for (MemoryPoolMXBean pool : oldGen) {
      used += pool.getUsage().getUsed();
    }
    return used;
  }

  /** The largest growth over the baseline seen so far, in bytes. */
  public long peakGrowth() {
    peak.accumulateAndGet(sample(), Math::max);
    return peak.get() - baseline;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
