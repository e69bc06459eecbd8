package io.cutover.service;

import io.cutover.config.LimitsConfig;
import io.cutover.config.ServiceConfig;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.Pool;
import io.cutover.routing.RouteLimits;
import io.cutover.routing.ServiceRoute;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One service as it runs now: its config in force and its pools of instances. Every change
 * republishes the service's route in one table swap; changes are serialized per service so a slower
 * writer never publishes an older view over a newer one.
 */
public final class LiveService {
  private static final Logger LOG = Logger.getLogger(LiveService.class);

  private final String name;
  private final LiveRouteTable routes;
  private final Runnable onLive;
  private final Consumer<LiveService> onDecided;
  private ServiceConfig config;
  private List<InstancePool> pools = List.of();
  private Long liveReleaseId;
  private String liveVersion;
  private ServiceConfig liveConfig;
  // The pools were last set by a rollout of this gateway, not restored nor applied from another.
  private boolean decided;
  // Its file was deleted: a rollout still winding down must not put the route back.
  private boolean removed;

  LiveService(ServiceConfig config, LiveRouteTable routes) {
    this(config, routes, () -> {}, service -> {});
  }

  /**
   * {@code onLive}: told after each change of the live release; {@code onDecided}: after each
   * change of pools a rollout decided (both quick: they run in the lock).
   */
  LiveService(
      ServiceConfig config,
      LiveRouteTable routes,
      Runnable onLive,
      Consumer<LiveService> onDecided) {
    this.name = config.name();
    this.config = config;
    this.routes = routes;
    this.onLive = onLive;
    this.onDecided = onDecided;
  }

  public String name() {
    return name;
  }

  public synchronized ServiceConfig config() {
    return config;
  }

  public synchronized List<InstancePool> pools() {
    return pools;
  }

  /** The release serving this service now, or null before its first deploy. */
  public synchronized Long liveReleaseId() {
    return liveReleaseId;
  }

  public synchronized String liveVersion() {
    return liveVersion;
  }

  /**
   * The config the live release's instances were started with, or null before the first deploy. The
   * file may have changed since: a revert starts old instances again with this one.
   */
  public synchronized ServiceConfig liveConfig() {
    return liveConfig;
  }

  public synchronized void markLive(long releaseId, String version) {
    markLive(releaseId, version, config);
  }

  public synchronized void markLive(long releaseId, String version, ServiceConfig startedWith) {
    liveReleaseId = releaseId;
    liveVersion = version;
    liveConfig = startedWith;
    onLive.run();
    if (decided) {
      onDecided.accept(this); // the other members learn which release is live with its pools
    }
  }

  /** The pool that serves the live release, or null before the first deploy. */
  public synchronized InstancePool livePool() {
    for (InstancePool pool : pools) {
      if (pool.role() == Pool.Role.STABLE) {
        return pool;
      }
    }
    return null;
  }

  synchronized void config(ServiceConfig next) {
    config = next;
    publish();
  }

  /** Replaces the pools (a deploy step) and publishes the result. */
  public synchronized void pools(List<InstancePool> next) {
    pools = List.copyOf(next);
    decided = false;
    publish();
  }

  /**
   * Replaces the pools as a rollout of this gateway decided them: published here, and announced
   * ({@link PoolsDecided}) so the other gateways of a cluster apply them too. Pools applied from
   * another gateway go through {@link #pools(List)}, which announces nothing.
   */
  public synchronized void poolsDecided(List<InstancePool> next) {
    pools(next);
    decided = true;
    onDecided.accept(this);
  }

  /** Republishes after an instance's health changed. */
  public synchronized void publish() {
    if (removed) {
      return;
    }
    ServiceRoute route = route();
    try {
      routes.put(route);
    } catch (IllegalArgumentException clash) {
      // The catalog refuses clashing files; this guards the table against any that slip by.
      LOG.errorf("route refused service=%s reason=%s", name, clash.getMessage());
    }
  }

  synchronized void unpublish() {
    removed = true;
    routes.update(table -> table.without(name));
  }

  /** Its file was deleted: it has no route any more, and gets none again. */
  public synchronized boolean removed() {
    return removed;
  }

  private ServiceRoute route() {
    List<Pool> snapshot = pools.stream().map(InstancePool::toPool).toList();
    return new ServiceRoute(
            name,
            config.routes().hosts(),
            config.routes().pathPrefix(),
            snapshot,
            config.deploy().canary().sticky(),
            config.deploy().canary().header(),
            config.deploy().immediate().hold())
        .withLimits(limits(config.limits()))
        .withHttpsRedirect(config.routes().httpsRedirect());
  }

  /** The file's limits as the route carries them: what it leaves unset is the gateway's. */
  static RouteLimits limits(LimitsConfig limits) {
    return new RouteLimits(
        limits.maxBody() == null ? RouteLimits.GATEWAY : limits.maxBody(),
        limits.upstreamTimeout() == null
            ? RouteLimits.GATEWAY
            : limits.upstreamTimeout().toMillis(),
        limits.connectTimeout() == null ? RouteLimits.GATEWAY : limits.connectTimeout().toMillis());
  }
}
