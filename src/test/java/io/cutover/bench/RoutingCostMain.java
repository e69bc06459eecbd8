package io.cutover.bench;

import io.cutover.routing.Backend;
import io.cutover.routing.BackendChooser;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.Pool;
import io.cutover.routing.RouteTable;
import io.cutover.routing.ServiceRoute;
import io.cutover.routing.Stickiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What routing costs as the work grows, for {@code deploy-tests/bench/costs.sh}: one route pick
 * (host + longest prefix, weighted pool, least in flight) over 1, 100 and 10,000 services with 1,
 * 10 and 100 instances per pool, and one route-table swap (a service's pools replaced) over 1, 100
 * and 10,000 services. A plain timed loop: each figure is the median of 7 timed runs after warm-up.
 */
public final class RoutingCostMain {
  private static final int RUNS = 7;
  private static volatile Object sink;

  public static void main(String[] args) {
    System.out.println(
        "routing cost: medians of " + RUNS + " timed runs (JDK " + Runtime.version() + ")");
    for (int services : new int[] {1, 100, 10_000}) {
      for (int instances : new int[] {1, 10, 100}) {
        System.out.printf(
            "pick  services=%-6d instances=%-4d %8.1f ns%n",
            services, instances, pickNanos(services, instances));
      }
    }
    for (int services : new int[] {1, 100, 10_000}) {
      System.out.printf(
          "swap  services=%-6d                %8.3f ms%n", services, swapMillis(services));
    }
  }

  /** A canary at weight 10 beside the stable pool, as mid-rollout: the costlier pick. */
  static ServiceRoute route(int index, int instances) {
    String name = "svc-" + index;
    return new ServiceRoute(
        name,
        List.of(name + ".example.com"),
        "/",
        List.of(
            new Pool("v1", 90, Pool.Role.STABLE, backends(name, "v1", instances)),
            new Pool("v2", 10, Pool.Role.CANARY, backends(name, "v2", instances))),
        Stickiness.NONE,
        "X-Cutover-Canary",
        Duration.ZERO);
  }

  private static List<Backend> backends(String service, String version, int n) {
    List<Backend> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Backend(service + "-" + version + "-" + i, version, "127.0.0.1", 10_000 + i));
    }
    return list;
  }

  static RouteTable table(int services, int instances) {
    List<ServiceRoute> routes = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      routes.add(route(i, instances));
    }
    return RouteTable.of(routes);
  }

  static double pickNanos(int services, int instances) {
    RouteTable table = table(services, instances);
    String[] hosts = new String[1024];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = "svc-" + random.nextInt(services) + ".example.com:8080";
    }
    Backend[] tried = new Backend[4];
    int ops = 2_000_000;
    double[] runs = new double[RUNS + 3];
    for (int r = 0; r < runs.length; r++) {
      long start = System.nanoTime();
      Object last = null;
      for (int i = 0; i < ops; i++) {
        ServiceRoute route = table.lookup(hosts[i & 1023], "/api/items");
        Pool pool = BackendChooser.choosePool(route, null, null, i * 0x9E3779B9 >>> 1);
        last = BackendChooser.leastLoaded(pool.backends(), i, tried, 0);
      }
      runs[r] = (System.nanoTime() - start) / (double) ops;
      sink = last;
    }
    return median(Arrays.copyOfRange(runs, 3, runs.length));
  }

  static double swapMillis(int services) {
    LiveRouteTable live = new LiveRouteTable();
    live.update(t -> table(services, 2));
    ServiceRoute a = route(services / 2, 2);
    ServiceRoute b = a.withPools(List.of(a.pools().get(0).withWeight(100)));
    int ops = Math.max(20, 200_000 / services);
    double[] runs = new double[RUNS + 3];
    for (int r = 0; r < runs.length; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        live.put((i & 1) == 0 ? a : b);
      }
      runs[r] = (System.nanoTime() - start) / 1e6 / ops;
    }
    sink = live.current();
    return median(Arrays.copyOfRange(runs, 3, runs.length));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private RoutingCostMain() {}
}
