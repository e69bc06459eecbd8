package io.cutover.deploy;

import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.Pool;
import io.cutover.routing.RouteTable;
import io.cutover.routing.ServiceRoute;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches one service during a deploy, every 2 ms from a background thread and at every table swap:
 * the fewest and most healthy instances the proxy would route new requests to (those of pools with
 * a weight), and the most instances the service ran at once (any state, in the table or not). The
 * swaps make the extremes exact; the timer's samples give the counts in turn.
 */
final class RoutedInstancesSampler implements AutoCloseable {
  private final LiveRouteTable table;
  private final LiveService service;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Runnable unsubscribe;
  private final List<Integer> changes = new ArrayList<>();
  private int minRouted = Integer.MAX_VALUE;
  private int maxRouted;
  private int maxInstances;
  private long samples;

  private RoutedInstancesSampler(LiveRouteTable table, LiveService service) {
    this.table = table;
    this.service = service;
    this.unsubscribe = table.onChange(swapped -> sample(swapped, false));
    timer.scheduleAtFixedRate(() -> sample(table.current(), true), 0, 2, TimeUnit.MILLISECONDS);
  }

  static RoutedInstancesSampler start(LiveRouteTable table, LiveService service) {
    return new RoutedInstancesSampler(table, service);
  }

  /**
   * Healthy instances that take a share of new requests now (all of them if no pool has weight).
   */
  static int routed(ServiceRoute route) {
    if (route == null) {
      return 0;
    }
    int weighted = 0;
    int all = 0;
    for (Pool pool : route.pools()) {
      all += pool.backends().size();
      if (pool.weight() > 0) {
        weighted += pool.backends().size();
      }
    }
    return route.totalWeight() > 0 ? weighted : all;
  }

  private void sample(RouteTable current, boolean timed) {
    // Read outside this object's lock: a table swap calls in while holding the service's lock.
    int routed = routed(current.service(service.name()));
    int instances = 0;
    for (InstancePool pool : service.pools()) {
      instances += pool.instances().size();
    }
    record(routed, instances, timed);
  }

  private synchronized void record(int routed, int instances, boolean timed) {
    samples++;
    minRouted = Math.min(minRouted, routed);
    maxRouted = Math.max(maxRouted, routed);
    maxInstances = Math.max(maxInstances, instances);
    // Only the timer's samples arrive in order; a swap may be reported on another thread late.
    if (timed && (changes.isEmpty() || changes.get(changes.size() - 1) != routed)) {
      changes.add(routed);
    }
  }

  synchronized int minRouted() {
    return minRouted;
  }

  synchronized int maxRouted() {
    return maxRouted;
  }

  synchronized int maxInstances() {
    return maxInstances;
  }

  @Override
  public void close() {
    unsubscribe.run();
    timer.shutdownNow();
  }

  @Override
  public synchronized String toString() {
    return "samples="
        + samples
        + " routed min="
        + minRouted
        + " max="
        + maxRouted
        + " instances max="
        + maxInstances
        + " routed counts in turn="
        + changes;
  }
}
