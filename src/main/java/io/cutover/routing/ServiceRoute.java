package io.cutover.routing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the proxy needs to serve one service: where it is mounted and which pools of instances
 * take its traffic. Immutable; a change builds a new one.
 */
public final class ServiceRoute {
  private final String service;
  private final List<String> hosts;
  private final String pathPrefix;
  private final List<Pool> pools;
  private final Stickiness stickiness;
  private final String canaryHeader;
  private final Duration hold;
  private final RouteLimits limits;
  private final boolean httpsRedirect;
  // Derived once so a request does no arithmetic over the pools it does not need.
  private final int totalWeight;
  private final String cookieName;

  public ServiceRoute(
      String service,
      List<String> hosts,
      String pathPrefix,
      List<Pool> pools,
      Stickiness stickiness,
      String canaryHeader,
      Duration hold) {
    this(
        service,
        hosts,
        pathPrefix,
        pools,
        stickiness,
        canaryHeader,
        hold,
        RouteLimits.GATEWAY_DEFAULTS,
        false);
  }

  private ServiceRoute(
      String service,
      List<String> hosts,
      String pathPrefix,
      List<Pool> pools,
      Stickiness stickiness,
      String canaryHeader,
      Duration hold,
      RouteLimits limits,
      boolean httpsRedirect) {
    this.service = Objects.requireNonNull(service, "service");
    this.hosts = hosts.stream().map(ServiceRoute::normalizeHost).toList();
    if (this.hosts.isEmpty()) {
      throw new IllegalArgumentException("service " + service + " needs at least one host");
    }
    this.pathPrefix = normalizePrefix(pathPrefix);
    this.pools = List.copyOf(pools);
    this.stickiness = Objects.requireNonNull(stickiness, "stickiness");
    this.canaryHeader = canaryHeader;
    this.hold = hold == null ? Duration.ZERO : hold;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.httpsRedirect = httpsRedirect;
    this.totalWeight = this.pools.stream().mapToInt(Pool::weight).sum();
    this.cookieName = "cutover-" + service;
  }

  /** A service with no instances yet: requests get 503 (or wait for {@code hold}). */
  public static ServiceRoute of(String service, List<String> hosts, String pathPrefix) {
    return new ServiceRoute(
        service, hosts, pathPrefix, List.of(), Stickiness.NONE, null, Duration.ZERO);
  }

  public String service() {
    return service;
  }

  public List<String> hosts() {
    return hosts;
  }

  public String pathPrefix() {
    return pathPrefix;
  }

  public List<Pool> pools() {
    return pools;
  }

  public Stickiness stickiness() {
    return stickiness;
  }

  /** Header whose value {@code always} or {@code never} forces the canary route; may be null. */
  public String canaryHeader() {
    return canaryHeader;
  }

  public Duration hold() {
    return hold;
  }

  /** The service's own limits; {@link RouteLimits#GATEWAY} where the gateway's apply. */
  public RouteLimits limits() {
    return limits;
  }

  /** Plain-HTTP requests get 308 to the same URL on https. */
  public boolean httpsRedirect() {
    return httpsRedirect;
  }

  public int totalWeight() {
    return totalWeight;
  }

  public String cookieName() {
    return cookieName;
  }

  public ServiceRoute withPools(List<Pool> newPools) {
    return new ServiceRoute(
        service,
        hosts,
        pathPrefix,
        newPools,
        stickiness,
        canaryHeader,
        hold,
        limits,
        httpsRedirect);
  }

  public ServiceRoute withStickiness(Stickiness newStickiness, String newCanaryHeader) {
    return new ServiceRoute(
        service,
        hosts,
        pathPrefix,
        pools,
        newStickiness,
        newCanaryHeader,
        hold,
        limits,
        httpsRedirect);
  }

  public ServiceRoute withHold(Duration newHold) {
    return new ServiceRoute(
        service,
        hosts,
        pathPrefix,
        pools,
        stickiness,
        canaryHeader,
        newHold,
        limits,
        httpsRedirect);
  }

  public ServiceRoute withLimits(RouteLimits newLimits) {
    return new ServiceRoute(
        service,
        hosts,
        pathPrefix,
        pools,
        stickiness,
        canaryHeader,
        hold,
        newLimits,
        httpsRedirect);
  }

  public ServiceRoute withHttpsRedirect(boolean redirect) {
    return new ServiceRoute(
        service, hosts, pathPrefix, pools, stickiness, canaryHeader, hold, limits, redirect);
  }

  /** True when the path is the prefix itself or lies below it on a segment boundary. */
  boolean matchesPath(String path) {
    if (pathPrefix.length() == 1) {
      return true;
    }
    if (!path.startsWith(pathPrefix)) {
      return false;
    }
    return path.length() == pathPrefix.length() || path.charAt(pathPrefix.length()) == '/';
  }

  static String normalizeHost(String host) {
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    return h;
  }

  static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "/";
    }
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("path-prefix must start with '/', got " + prefix);
    }
    // "/api/" and "/api" mount the same subtree.
    return prefix.length() > 1 && prefix.endsWith("/")
        ? prefix.substring(0, prefix.length() - 1)
        : prefix;
  }

  @Override
  public String toString() {
    return "ServiceRoute[" + service + " " + hosts + pathPrefix + " pools=" + pools + "]";
  }
}
