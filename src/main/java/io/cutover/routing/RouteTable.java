package io.cutover.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of all routing: host and longest path prefix to a service, and each
 * service's pools. A request reads one table and never sees half of a change.
 */
public final class RouteTable {
  public static final String ANY_HOST = "*";
  private static final ServiceRoute[] NONE = new ServiceRoute[0];

  private final Map<String, ServiceRoute> byService;
  // Per host, routes sorted longest prefix first: the first match is the answer.
  private final Map<String, ServiceRoute[]> byHost;
  private final ServiceRoute[] anyHost;

  private RouteTable(Map<String, ServiceRoute> byService) {
    this.byService = byService;
    Map<String, List<ServiceRoute>> grouped = new HashMap<>();
    for (ServiceRoute route : byService.values()) {
      for (String host : route.hosts()) {
        List<ServiceRoute> routes = grouped.computeIfAbsent(host, h -> new ArrayList<>());
        for (ServiceRoute other : routes) {
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
        routes.add(route);
      }
    }
    Map<String, ServiceRoute[]> sorted = new HashMap<>();
    grouped.forEach(
        (host, routes) ->
            sorted.put(
                host,
                routes.stream()
                    .sorted(
                        Comparator.comparingInt((ServiceRoute r) -> r.pathPrefix().length())
                            .reversed())
                    .toArray(ServiceRoute[]::new)));
    this.anyHost = sorted.getOrDefault(ANY_HOST, NONE);
    sorted.remove(ANY_HOST);
    this.byHost = Map.copyOf(sorted);
  }

  public static RouteTable empty() {
    return new RouteTable(Map.of());
  }

  public static RouteTable of(Collection<ServiceRoute> routes) {
    Map<String, ServiceRoute> map = new LinkedHashMap<>();
    for (ServiceRoute route : routes) {
      if (map.put(route.service(), route) != null) {
        throw new IllegalArgumentException("service " + route.service() + " is listed twice");
      }
    }
    return new RouteTable(Map.copyOf(map));
  }

  /** The route for a Host header value (port ignored) and a request path, or null. */
  public ServiceRoute lookup(String hostHeader, String path) {
    if (hostHeader != null) {
      ServiceRoute[] routes = byHost.get(hostOnly(hostHeader));
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

  public Collection<ServiceRoute> services() {
    return byService.values();
  }

  /** A new table with this service added or replaced. */
  public RouteTable with(ServiceRoute route) {
    Map<String, ServiceRoute> map = new LinkedHashMap<>(byService);
    map.put(route.service(), route);
    return new RouteTable(Map.copyOf(map));
  }

  public RouteTable without(String service) {
    if (!byService.containsKey(service)) {
      return this;
    }
    Map<String, ServiceRoute> map = new LinkedHashMap<>(byService);
    map.remove(service);
    return new RouteTable(Map.copyOf(map));
  }

  private static ServiceRoute firstMatch(ServiceRoute[] routes, String path) {
    for (ServiceRoute route : routes) {
      if (route.matchesPath(path)) {
        return route;
      }
    }
    return null;
  }

  /** Strips the port and lower-cases, allocating only when the header needs it. */
  static String hostOnly(String hostHeader) {
    int end = hostHeader.length();
    if (hostHeader.startsWith("[")) {
      int close = hostHeader.indexOf(']');
      end = close < 0 ? end : close + 1;
    } else {
      int colon = hostHeader.lastIndexOf(':');
      if (colon >= 0) {
        end = colon;
      }
    }
    String host = end == hostHeader.length() ? hostHeader : hostHeader.substring(0, end);
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return host.toLowerCase(java.util.Locale.ROOT);
      }
    }
    return host;
  }
}
