package io.cutover.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One immutable snapshot of all routing: host and longest path prefix to a service, and each
 * service's pools. A request reads one table and never sees half of a change. A change builds the
 * next table from this one, regrouping only the hosts of the service that changed.
 */
public final class RouteTable {
  public static final String ANY_HOST = "*";
  private static final ServiceRoute[] NONE = new ServiceRoute[0];
  private static final Comparator<ServiceRoute> LONGEST_PREFIX_FIRST =
      Comparator.comparingInt((ServiceRoute r) -> r.pathPrefix().length()).reversed();

  private final NameIndex<ServiceRoute> byService;
  // Per host, routes sorted longest prefix first: the first match is the answer.
  private final NameIndex<ServiceRoute[]> byHost;
  private final ServiceRoute[] anyHost;

  private RouteTable(NameIndex<ServiceRoute> byService, NameIndex<ServiceRoute[]> byHost) {
    this.byService = byService;
    this.byHost = byHost;
    ServiceRoute[] any = byHost.get(ANY_HOST);
    this.anyHost = any == null ? NONE : any;
  }

  public static RouteTable empty() {
    return new RouteTable(NameIndex.empty(), NameIndex.empty());
  }

  public static RouteTable of(Collection<ServiceRoute> routes) {
    Map<String, ServiceRoute> map = new HashMap<>();
    for (ServiceRoute route : routes) {
      if (map.put(route.service(), route) != null) {
        throw new IllegalArgumentException("service " + route.service() + " is listed twice");
      }
    }
    Map<String, List<ServiceRoute>> grouped = new HashMap<>();
    for (ServiceRoute route : map.values()) {
      for (String host : route.hosts()) {
        List<ServiceRoute> claims = grouped.computeIfAbsent(host, h -> new ArrayList<>());
        checkFree(claims, host, route);
        claims.add(route);
      }
    }
    Map<String, ServiceRoute[]> sorted = new HashMap<>();
    grouped.forEach((host, claims) -> sorted.put(host, sortedArray(claims)));
    return new RouteTable(NameIndex.of(map), NameIndex.of(sorted));
  }

  /** The route for a Host header value (port ignored) and a request path, or null. */
  public ServiceRoute lookup(String hostHeader, String path) {
    if (hostHeader != null) {
      ServiceRoute[] routes = byHost.lookup(hostHeader);
      if (routes != null) {
        ServiceRoute match = firstMatch(routes, path);
        if (match != null) {
          return match;
        }
      }
    }
    return firstMatch(anyHost, path);
  }

  public ServiceRoute service(String name) {
    return byService.get(name);
  }

  /** Every service's route, in no particular order. */
  public Collection<ServiceRoute> services() {
    return byService.values();
  }

  /** A new table with this service added or replaced. */
  public RouteTable with(ServiceRoute route) {
    return replace(route.service(), route);
  }

  public RouteTable without(String service) {
    if (!byService.contains(service)) {
      return this;
    }
    return replace(service, null);
  }

  /** The next table, with {@code service}'s route set to {@code route} (null: removed). */
  private RouteTable replace(String service, ServiceRoute route) {
    ServiceRoute old = byService.get(service);
    Set<String> hosts = new HashSet<>();
    if (old != null) {
      hosts.addAll(old.hosts());
    }
    if (route != null) {
      hosts.addAll(route.hosts());
    }
    Map<String, ServiceRoute[]> changes = new HashMap<>();
    for (String host : hosts) {
      List<ServiceRoute> claims = new ArrayList<>();
      ServiceRoute[] current = byHost.get(host);
      for (ServiceRoute other : current == null ? NONE : current) {
        if (!other.service().equals(service)) {
          claims.add(other);
        }
      }
      if (route != null && route.hosts().contains(host)) {
        checkFree(claims, host, route);
        claims.add(route);
      }
      changes.put(host, claims.isEmpty() ? null : sortedArray(claims));
    }
    Map<String, ServiceRoute> services = new HashMap<>(2);
    services.put(service, route);
    return new RouteTable(byService.with(services), byHost.with(changes));
  }

  private static void checkFree(List<ServiceRoute> claims, String host, ServiceRoute route) {
    for (ServiceRoute other : claims) {
      if (other.pathPrefix().equals(route.pathPrefix())) {
        throw new IllegalArgumentException(
            "services "
                + other.service()
                + " and "
                + route.service()
                + " both claim host "
                + host
                + " and path-prefix "
                + route.pathPrefix());
      }
    }
  }

  private static ServiceRoute[] sortedArray(List<ServiceRoute> claims) {
    ServiceRoute[] array = claims.toArray(NONE);
    Arrays.sort(array, LONGEST_PREFIX_FIRST);
    return array;
  }

  private static ServiceRoute firstMatch(ServiceRoute[] routes, String path) {
    for (ServiceRoute route : routes) {
      if (route.matchesPath(path)) {
        return route;
      }
    }
    return null;
  }
}
