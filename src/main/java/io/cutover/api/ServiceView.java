package io.cutover.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.instance.Instance;
import io.cutover.routing.Backend;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.TrafficRate;
import io.cutover.service.TrafficRates;
import java.util.List;
import java.util.Locale;

/**
 * One service as {@code GET /api/v1/services} shows it: config, live and running release, pools
 * with their instances' health and counters, and the share of traffic each pool gets now.
 *
 * @param refused why the service's file was refused in the last reload (it runs on its previous
 *     config); empty when the file is in force
 */
public record ServiceView(
    String name,
    JsonNode config,
    Long liveReleaseId,
    String liveVersion,
    Long runningReleaseId,
    List<PoolView> pools,
    List<TrafficShare> traffic,
    List<String> refused) {

  /**
   * @param role {@code stable} (the live release) or {@code canary} (the one rolling out)
   * @param requestsPerSecond over the last 10 seconds, summed over its instances
   * @param errorRate 5xx answers and connection errors over requests, last 10 seconds (0 to 1)
   */
  public record PoolView(
      String version,
      int weight,
      String role,
      double requestsPerSecond,
      double errorRate,
      List<InstanceView> instances) {}

  /**
   * @param state {@code starting}, {@code healthy}, {@code unhealthy}, {@code draining} or {@code
   *     stopped}
   * @param inFlight requests and WebSockets open on it now
   * @param requests sent to it since it started; {@code errors} of them failed
   * @param requestsPerSecond over the last 10 seconds
   */
  public record InstanceView(
      String id,
      String version,
      String address,
      String state,
      int inFlight,
      long requests,
      long errors,
      double requestsPerSecond) {}

  /**
   * @param percent of new requests that go to this pool (weights are relative)
   */
  public record TrafficShare(String version, String role, double percent) {}

  static ServiceView of(
      LiveService service,
      JsonNode config,
      Long runningReleaseId,
      List<String> refused,
      TrafficRates rates) {
    List<InstancePool> pools = service.pools();
    int total = pools.stream().mapToInt(InstancePool::weight).sum();
    return new ServiceView(
        service.name(),
        config,
        service.liveReleaseId(),
        service.liveVersion(),
        runningReleaseId,
        pools.stream().map(pool -> pool(pool, rates)).toList(),
        pools.stream().map(pool -> share(pool, total)).toList(),
        List.copyOf(refused));
  }

  private static PoolView pool(InstancePool pool, TrafficRates rates) {
    TrafficRate rate = rates.of(pool);
    return new PoolView(
        pool.version(),
        pool.weight(),
        lower(pool.role()),
        round(rate.requestsPerSecond(), 10),
        round(rate.errorRate(), 10_000),
        pool.instances().stream().map(instance -> instance(instance, rates)).toList());
  }

  private static InstanceView instance(Instance instance, TrafficRates rates) {
    Backend backend = instance.backend();
    return new InstanceView(
        instance.id(),
        instance.version(),
        instance.host() + ":" + instance.port(),
        lower(instance.state()),
        backend.inFlight(),
        backend.requests(),
        backend.errors(),
        round(rates.of(instance).requestsPerSecond(), 10));
  }

  private static double round(double value, int scale) {
    return Math.round(value * scale) / (double) scale;
  }

  private static TrafficShare share(InstancePool pool, int total) {
    double percent = total == 0 ? 0 : Math.round(pool.weight() * 1000.0 / total) / 10.0;
    return new TrafficShare(pool.version(), lower(pool.role()), percent);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
