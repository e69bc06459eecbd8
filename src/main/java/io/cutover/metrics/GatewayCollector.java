package io.cutover.metrics;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.release.ReleaseBoard;
import io.cutover.routing.Latencies;
import io.cutover.routing.UpstreamFailure;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SPEC's {@code cutover_*} series, built on each scrape from what runs now: the pools of every live
 * service and the counters on their instances' backends, and the release board.
 *
 * <p>Cardinality stays bounded: a version runs while one of its service's pools has it; once it
 * does not, its gauges are gone at once and its counters are shown one last time, at the next
 * scrape after it retired, then dropped. A version deployed again later starts from zero (a counter
 * reset, as Prometheus reads one after a gap).
 */
final class GatewayCollector extends Collector implements Collector.Describable {
  private static final List<String> VERSION = List.of("service", "version");
  private static final String[] CODES = {"2xx", "3xx", "4xx", "5xx"};
  private static final double[] BOUNDS = Latencies.exportedBoundsSeconds();

  private record Key(String service, String version) {}

  /** The gauges of one running version, summed over its pools (one, but a revert may make two). */
  private static final class Running {
    long inFlight;
    double weight;
    final long[] states = new long[InstanceState.values().length];
  }

  private final LiveServices services;
  private final ReleaseBoard releases;
  private final Map<Key, VersionTally> tallies = new HashMap<>();

  GatewayCollector(LiveServices services, ReleaseBoard releases) {
    this.services = services;
    this.releases = releases;
  }

  @Override
  public List<MetricFamilySamples> describe() {
    return List.of(); // the names are fixed and ours: nothing for the registry to check
  }

  @Override
  public synchronized List<MetricFamilySamples> collect() {
    Map<Key, Running> running = new LinkedHashMap<>();
    for (LiveService service : services.all().values()) {
      List<InstancePool> pools = service.pools();
      int totalWeight = pools.stream().mapToInt(InstancePool::weight).sum();
      for (InstancePool pool : pools) {
        Key key = new Key(service.name(), pool.version());
        Running now = running.computeIfAbsent(key, k -> new Running());
        VersionTally tally = tallies.computeIfAbsent(key, k -> new VersionTally());
        if (totalWeight > 0) {
          now.weight += pool.weight() * 100.0 / totalWeight;
        }
        for (Instance instance : pool.instances()) {
          tally.add(instance.backend());
          now.inFlight += instance.backend().inFlight();
          now.states[instance.state().ordinal()]++;
        }
      }
    }
    List<MetricFamilySamples> out = new ArrayList<>();
    counters(out);
    gauges(running, out);
    releaseSeries(out);
    // Retired versions were shown once more just above; from the next scrape on they are gone.
    tallies.keySet().retainAll(running.keySet());
    return out;
  }

  private void counters(List<MetricFamilySamples> out) {
    List<Sample> requests = new ArrayList<>();
    List<Sample> failures = new ArrayList<>();
    List<Sample> durations = new ArrayList<>();
    List<String> withCode = List.of("service", "version", "code");
    List<String> withKind = List.of("service", "version", "kind");
    List<String> withLe = List.of("service", "version", "le");
    for (Map.Entry<Key, VersionTally> entry : tallies.entrySet()) {
      String service = entry.getKey().service();
      String version = entry.getKey().version();
      VersionTally tally = entry.getValue();
      long[] answers = tally.answers();
      for (int i = 0; i < CODES.length; i++) {
        requests.add(
            new Sample(
                "cutover_requests_total",
                withCode,
                List.of(service, version, CODES[i]),
                answers[i]));
      }
      for (UpstreamFailure kind : UpstreamFailure.values()) {
        failures.add(
            new Sample(
                "cutover_upstream_failures_total",
                withKind,
                List.of(service, version, kind.label()),
                tally.failures(kind)));
      }
      long[] cumulative = tally.cumulativeLatencies();
      for (int i = 0; i < BOUNDS.length; i++) {
        durations.add(
            new Sample(
                "cutover_request_duration_seconds_bucket",
                withLe,
                List.of(service, version, doubleToGoString(BOUNDS[i])),
                cumulative[i]));
      }
      long count = cumulative[BOUNDS.length];
      durations.add(
          new Sample(
              "cutover_request_duration_seconds_bucket",
              withLe,
              List.of(service, version, "+Inf"),
              count));
      durations.add(
          new Sample(
              "cutover_request_duration_seconds_count", VERSION, List.of(service, version), count));
      durations.add(
          new Sample(
              "cutover_request_duration_seconds_sum",
              VERSION,
              List.of(service, version),
              tally.latencySeconds()));
    }
    out.add(
        new MetricFamilySamples(
            "cutover_requests",
            Type.COUNTER,
            "Answers of each version's instances by status class (forced canary requests included).",
            requests));
    out.add(
        new MetricFamilySamples(
            "cutover_upstream_failures",
            Type.COUNTER,
            "Requests to a version's instances that got no whole answer: connect, reset, timeout.",
            failures));
    out.add(
        new MetricFamilySamples(
            "cutover_request_duration_seconds",
            Type.HISTOGRAM,
            "Time from sending a request to a version's instance to the end of its answer.",
            durations));
  }

  private static void gauges(Map<Key, Running> running, List<MetricFamilySamples> out) {
    List<Sample> inFlight = new ArrayList<>();
    List<Sample> instances = new ArrayList<>();
    List<Sample> weights = new ArrayList<>();
    List<String> withState = List.of("service", "version", "state");
    for (Map.Entry<Key, Running> entry : running.entrySet()) {
      List<String> values = List.of(entry.getKey().service(), entry.getKey().version());
      Running now = entry.getValue();
      inFlight.add(new Sample("cutover_in_flight_requests", VERSION, values, now.inFlight));
      weights.add(new Sample("cutover_traffic_weight", VERSION, values, now.weight));
      for (InstanceState state : InstanceState.values()) {
        instances.add(
            new Sample(
                "cutover_instances",
                withState,
                List.of(values.get(0), values.get(1), state.name().toLowerCase(Locale.ROOT)),
                now.states[state.ordinal()]));
      }
    }
    out.add(
        new MetricFamilySamples(
            "cutover_in_flight_requests",
            Type.GAUGE,
            "Requests and upgraded connections open on a version's instances.",
            inFlight));
    out.add(
        new MetricFamilySamples(
            "cutover_instances", Type.GAUGE, "A version's instances by state.", instances));
    out.add(
        new MetricFamilySamples(
            "cutover_traffic_weight",
            Type.GAUGE,
            "Percent (0-100) of a service's new requests that go to the version.",
            weights));
  }

  private void releaseSeries(List<MetricFamilySamples> out) {
    List<Sample> current = new ArrayList<>();
    List<String> labels = List.of("service", "release", "version", "strategy", "status");
    for (ReleaseBoard.Current release : releases.current()) {
      current.add(
          new Sample(
              "cutover_release",
              labels,
              List.of(
                  release.service(),
                  Long.toString(release.id()),
                  release.version(),
                  release.strategy(),
                  release.status()),
              1));
    }
    List<Sample> ended = new ArrayList<>();
    List<String> endedLabels = List.of("service", "strategy", "status");
    for (Map.Entry<ReleaseBoard.Ended, Long> entry : releases.ended().entrySet()) {
      ReleaseBoard.Ended key = entry.getKey();
      ended.add(
          new Sample(
              "cutover_releases_total",
              endedLabels,
              List.of(key.service(), key.strategy(), key.status()),
              entry.getValue()));
    }
    out.add(
        new MetricFamilySamples(
            "cutover_release",
            Type.GAUGE,
            "1 for each release running or live, with its version, strategy and status.",
            current));
    out.add(
        new MetricFamilySamples(
            "cutover_releases",
            Type.COUNTER,
            "Releases that ended since the gateway started, by their final status.",
            ended));
  }
}
