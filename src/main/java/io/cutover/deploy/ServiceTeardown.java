package io.cutover.deploy;

import io.cutover.config.ServiceConfig;
import io.cutover.instance.DriverRegistry;
import io.cutover.instance.Instance;
import io.cutover.service.LiveService;
import io.cutover.service.ServiceRemoved;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A deleted service file: its running release is aborted, then its instances drain and stop, so
 * nothing of it is left running.
 */
@ApplicationScoped
class ServiceTeardown {
  private static final Logger LOG = Logger.getLogger(ServiceTeardown.class);

  private final RunningReleases running;
  private final DriverRegistry drivers;
  private final InstanceRetirement retirement;

  ServiceTeardown(RunningReleases running, DriverRegistry drivers, InstanceRetirement retirement) {
    this.running = running;
    this.drivers = drivers;
    this.retirement = retirement;
  }

  void onServiceRemoved(@Observes ServiceRemoved removed) {
    LiveService live = removed.service();
    running.rollout(live.name()).ifPresent(r -> r.abort("the service file was deleted"));
    List<Instance> instances =
        live.pools().stream().flatMap(pool -> pool.instances().stream()).toList();
    if (instances.isEmpty()) {
      return;
    }
    ServiceConfig config = live.config();
    retirement
        .retire(
            instances,
            drivers.driverFor(config),
            config.drain(),
            drained -> Uni.createFrom().voidItem())
        .subscribe()
        .with(
            done ->
                LOG.infof(
                    "service instances stopped service=%s count=%d", live.name(), instances.size()),
            failure ->
                LOG.errorf(
                    "service instances not all stopped service=%s reason=%s",
                    live.name(), failure.getMessage()));
  }
}
