package io.cutover.service;

import io.cutover.config.ServiceCatalogListener;
import io.cutover.config.ServiceConfig;
import io.cutover.health.HealthListener;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.routing.LiveRouteTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every service the gateway runs. Follows the catalog (routes of a changed file apply at once,
 * pools kept) and health (an instance that turns unhealthy leaves the table, and comes back when it
 * recovers).
 */
@ApplicationScoped
public class LiveServices implements ServiceCatalogListener, HealthListener {
  private static final Logger LOG = Logger.getLogger(LiveServices.class);

  private final LiveRouteTable routes;
  private final Event<ServiceRemoved> removals;
  private final Event<ServiceWentLive> wentLive;
  private final Event<PoolsDecided> decided;
  private final Map<String, LiveService> services = new ConcurrentHashMap<>();

  @Inject
  LiveServices(
      LiveRouteTable routes,
      Event<ServiceRemoved> removals,
      Event<ServiceWentLive> wentLive,
      Event<PoolsDecided> decided) {
    this.routes = routes;
    this.removals = removals;
    this.wentLive = wentLive;
    this.decided = decided;
  }

  /** Outside CDI (plain tests): removals, live releases and decided pools are not announced. */
  public LiveServices(LiveRouteTable routes) {
    this(routes, null, null, null);
  }

  public Optional<LiveService> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  public Map<String, LiveService> all() {
    return Map.copyOf(services);
  }

  @Override
  public void onServiceChanged(ServiceConfig previous, ServiceConfig current) {
    LiveService existing = services.get(current.name());
    if (existing == null) {
      LiveService created =
          new LiveService(
              current, routes, () -> announceLive(current.name()), this::announceDecided);
      services.put(current.name(), created);
      created.publish();
      LOG.infof(
          "service added service=%s hosts=%s prefix=%s",
          current.name(), current.routes().hosts(), current.routes().pathPrefix());
    } else {
      existing.config(current);
      LOG.infof("service config applied service=%s", current.name());
    }
  }

  private void announceLive(String name) {
    LiveService service = services.get(name);
    if (wentLive != null && service != null) {
      wentLive.fire(new ServiceWentLive(service));
    }
  }

  private void announceDecided(LiveService service) {
    if (decided != null) {
      decided.fire(new PoolsDecided(service));
    }
  }

  @Override
  public void onServiceRemoved(ServiceConfig last) {
    LiveService removed = services.remove(last.name());
    if (removed != null) {
      removed.unpublish();
      LOG.infof("service removed service=%s", last.name());
      if (removals != null) {
        removals.fire(new ServiceRemoved(removed));
      }
    }
  }

  @Override
  public void onHealthChanged(
      Instance instance, InstanceState from, InstanceState to, String lastResult) {
    LiveService service = services.get(instance.service());
    if (service != null) {
      service.publish();
    }
  }
}
