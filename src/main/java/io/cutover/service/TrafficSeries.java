package io.cutover.service;

import io.cutover.instance.Instance;
import io.cutover.routing.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last five minutes of every running version, one point a second: requests per second, error
 * rate and p99, from the differences of the counters and latency buckets the proxy already keeps
 * (nothing is added per request). Fed by {@link TrafficRates}' sampler thread; a version that no
 * longer runs, and a removed service, drop out at the next sample, so memory stays bounded.
 */
@ApplicationScoped
public class TrafficSeries {
  /** Points kept per version: 5 minutes at one a second. */
  public static final int POINTS = 300;

  static final double QUANTILE = 0.99;

  private final Map<String, Map<String, VersionSeries>> byService = new ConcurrentHashMap<>();
  // Sampler thread only.
  private Map<Backend, IntervalTally.Counters> last = new HashMap<>();
  private long lastNanos;
  private boolean sampled;

  /** One version's points, oldest first; {@code at} in epoch milliseconds. */
  public record Columns(
      String version,
      long[] at,
      double[] requestsPerSecond,
      double[] errorRate,
      double[] p99Millis) {}

  void sample(long atNanos, long atMillis, Iterable<LiveService> services) {
    double seconds = sampled ? (atNanos - lastNanos) / 1e9 : 0;
    Map<Backend, IntervalTally.Counters> next = new HashMap<>();
    Map<String, Map<String, VersionSeries>> kept = new HashMap<>();
    for (LiveService service : services) {
      Map<String, IntervalTally> tallies = new LinkedHashMap<>();
      for (InstancePool pool : service.pools()) {
        for (Instance instance : pool.instances()) {
          Backend backend = instance.backend();
          if (next.containsKey(backend)) {
            continue;
          }
          IntervalTally.Counters now = IntervalTally.Counters.of(backend);
          next.put(backend, now);
          IntervalTally tally =
              tallies.computeIfAbsent(backend.version(), v -> new IntervalTally());
          IntervalTally.Counters before = last.get(backend);
          if (before != null) {
            tally.add(before, now);
          }
        }
      }
      Map<String, VersionSeries> series =
          byService.computeIfAbsent(service.name(), s -> new ConcurrentHashMap<>());
      series.keySet().retainAll(tallies.keySet());
      tallies.forEach(
          (version, tally) -> {
            VersionSeries points = series.computeIfAbsent(version, v -> new VersionSeries(POINTS));
            if (tally.measured() && seconds > 0) {
              points.add(atMillis, tally.point(seconds));
            }
          });
      kept.put(service.name(), series);
    }
    byService.keySet().retainAll(kept.keySet());
    last = next;
    lastNanos = atNanos;
    sampled = true;
  }

  /** The points of each version of {@code service} now running; empty for an unknown service. */
  public Optional<List<Columns>> of(String service) {
    Map<String, VersionSeries> series = byService.get(service);
    if (series == null) {
      return Optional.empty();
    }
    return Optional.of(
        series.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getValue().columns(e.getKey()))
            .toList());
  }
}
