package io.cutover.replication;

import io.cutover.cluster.LocalMember;
import io.cutover.config.DriverType;
import io.cutover.health.HealthChecker;
import io.cutover.health.HealthWatch;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceId;
import io.cutover.instance.InstanceState;
import io.cutover.instance.LogTail;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies the routes other members published: for each service the newest revision only, as one
 * swap of this gateway's table. The published instances are checked from here (their own health
 * watch, the service's hysteresis): only those both published and healthy from here serve.
 */
@ApplicationScoped
public class RouteApplier {
  private static final Logger LOG = Logger.getLogger(RouteApplier.class);

  private final LiveServices services;
  private final HealthChecker health;
  private final String selfId;
  // The newest revision seen per service, this member's own publications included.
  private final Map<String, Long> revisions = new HashMap<>();
  // The instances this member created for other members' pools, by service then address key.
  private final Map<String, Map<String, Instance>> remote = new HashMap<>();
  // The newest row applied per service, and the pools held over beside it (see swap).
  private final Map<String, PublishedRoute> latest = new HashMap<>();
  private final Map<String, List<InstancePool>> held = new HashMap<>();

  @Inject
  RouteApplier(LiveServices services, HealthChecker health, LocalMember self) {
    this(services, health, self.id());
  }

  /** Outside CDI (plain tests). */
  public RouteApplier(LiveServices services, HealthChecker health, String selfId) {
    this.services = services;
    this.health = health;
    this.selfId = selfId;
  }

  /** The newest revision seen for the service, or -1. */
  public synchronized long revision(String service) {
    return revisions.getOrDefault(service, -1L);
  }

  /** This member published the service at {@code revision}: older rows are stale here. */
  synchronized void published(String service, long revision) {
    revisions.merge(service, revision, Math::max);
  }

  /**
   * Applies one published row; true when this gateway's table was swapped for it. A row of this
   * member's own, an older revision, an unknown service or a process-driver one changes nothing.
   */
  public synchronized boolean apply(PublishedRoute route) {
    String service = route.service();
    if (route.revision() <= revision(service)) {
      return false;
    }
    revisions.put(service, route.revision());
    if (route.memberId().equals(selfId)) {
      return false;
    }
    LiveService live = services.service(service).orElse(null);
    if (live == null || live.removed() || live.config().driver().type() == DriverType.PROCESS) {
      return false;
    }
    latest.put(service, route);
    swap(live, route);
    // After the pools: the live release's listeners read them (the last-known routes).
    if (route.liveReleaseId() != null && !route.liveReleaseId().equals(live.liveReleaseId())) {
      live.markLive(route.liveReleaseId(), route.liveVersion());
    }
    LOG.debugf(
        "routes applied service=%s revision=%d from=%s held=%d",
        service, route.revision(), route.memberId(), holding(service));
    return true;
  }

  /** Instances this member keeps serving beyond the newest row until its pools serve from here. */
  public synchronized int holding(String service) {
    return held.getOrDefault(service, List.of()).stream().mapToInt(p -> p.instances().size()).sum();
  }

  /**
   * An instance of the service turned healthy or unhealthy here: a table that still holds older
   * pools over is built again from the newest row, without them once its pools serve.
   */
  synchronized void healthChanged(String service) {
    PublishedRoute route = latest.get(service);
    if (route == null || !held.containsKey(service)) {
      return;
    }
    services
        .service(service)
        .filter(live -> !live.removed())
        .ifPresent(
            live -> {
              swap(live, route);
              LOG.debugf(
                  "routes applied again service=%s revision=%d held=%d",
                  service, route.revision(), holding(service));
            });
  }

  /**
   * One swap of this gateway's table to the row's pools. The publisher switched once the new
   * instances were healthy from where it stands; until one of them is healthy from here too, this
   * member would have nothing to route to, so the pools it served so far stay in the table at
   * weight 0 (the proxy's fallback) beside the row's, and leave at the first swap that serves.
   */
  private void swap(LiveService live, PublishedRoute route) {
    String service = route.service();
    Map<String, Instance> known = new HashMap<>();
    for (InstancePool pool : live.pools()) {
      for (Instance instance : pool.instances()) {
        if (instance.state() != InstanceState.STOPPED) {
          known.putIfAbsent(key(instance.version(), instance.host(), instance.port()), instance);
        }
      }
    }
    Map<String, Instance> before = remote.getOrDefault(service, Map.of());
    known.putAll(before);
    Map<String, Instance> now = new HashMap<>();
    List<Instance> healthyThere = new ArrayList<>();
    List<InstancePool> pools = new ArrayList<>(route.pools().size());
    for (PublishedRoute.Pools published : route.pools()) {
      List<Instance> instances = new ArrayList<>(published.instances().size());
      for (PublishedRoute.Address address : published.instances()) {
        String key = key(published.version(), address.host(), address.port());
        Instance instance = known.get(key);
        if (instance == null) {
          instance = watched(live, published.version(), address);
        }
        if (before.containsKey(key) || !isLocal(live, instance)) {
          now.put(key, instance);
        }
        instances.add(instance);
        if (address.healthy() && instance.state() == InstanceState.STARTING) {
          healthyThere.add(instance);
        }
      }
      pools.add(
          new InstancePool(published.version(), published.weight(), published.role(), instances));
    }
    List<InstancePool> holdOver = servesHere(pools) ? List.of() : heldOver(live.pools(), pools);
    for (InstancePool pool : holdOver) {
      for (Instance instance : pool.instances()) {
        String key = key(instance.version(), instance.host(), instance.port());
        if (before.containsKey(key)) {
          now.put(key, instance);
        }
      }
    }
    Set<Instance> kept = new HashSet<>(now.values());
    pools.forEach(pool -> kept.addAll(pool.instances()));
    for (Instance gone : before.values()) {
      if (!kept.contains(gone)) {
        health.watching(gone).ifPresent(HealthWatch::stop);
        gone.moveIfAllowed(InstanceState.STOPPED);
      }
    }
    remote.put(service, now);
    if (holdOver.isEmpty()) {
      held.remove(service);
      live.pools(pools);
    } else {
      held.put(service, holdOver);
      List<InstancePool> table = new ArrayList<>(pools);
      table.addAll(holdOver);
      live.pools(table);
    }
    healthyThere.forEach(instance -> confirm(live, instance));
  }

  /** True when some instance of the pools is healthy from here: the proxy has one to route to. */
  private static boolean servesHere(List<InstancePool> pools) {
    return pools.stream()
        .flatMap(pool -> pool.instances().stream())
        .anyMatch(instance -> instance.state() == InstanceState.HEALTHY);
  }

  /** The served pools' instances healthy here and not in the next pools, as weight-0 pools. */
  private static List<InstancePool> heldOver(List<InstancePool> served, List<InstancePool> next) {
    Set<Instance> inNext = new HashSet<>();
    next.forEach(pool -> inNext.addAll(pool.instances()));
    List<InstancePool> holdOver = new ArrayList<>();
    for (InstancePool pool : served) {
      List<Instance> healthy =
          pool.instances().stream()
              .filter(i -> i.state() == InstanceState.HEALTHY && !inNext.contains(i))
              .toList();
      if (!healthy.isEmpty()) {
        holdOver.add(pool.withInstances(healthy).withWeight(0));
      }
    }
    return holdOver;
  }

  /**
   * The publisher found it healthy: one check from here now, so this member serves it as soon as it
   * can reach it, not a whole threshold after the publisher switched to it.
   */
  private void confirm(LiveService live, Instance instance) {
    health
        .confirmHealthy(instance, live.config().health())
        .subscribe()
        .with(
            turned -> {
              if (turned) {
                live.publish();
                healthChanged(live.name());
              }
            },
            failure ->
                LOG.debugf(
                    "health confirmation failed instance=%s reason=%s",
                    instance.id(), failure.toString()));
  }

  private Instance watched(LiveService live, String version, PublishedRoute.Address address) {
    Instance instance =
        new Instance(
            InstanceId.next(live.name(), version, address.index()),
            live.name(),
            version,
            address.index(),
            address.host(),
            address.port(),
            new LogTail(1));
    health.watch(
        instance,
        live.config().health(),
        (changed, from, to, last) -> {
          services.onHealthChanged(changed, from, to, last);
          healthChanged(changed.service());
        });
    return instance;
  }

  private static boolean isLocal(LiveService live, Instance instance) {
    return live.pools().stream().anyMatch(pool -> pool.instances().contains(instance));
  }

  private static String key(String version, String host, int port) {
    return version + "@" + host + ":" + port;
  }
}
