package io.cutover.deploy;

import io.cutover.health.HealthChecker;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceExitListener;
import io.cutover.service.LiveServices;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * An instance that ended on its own leaves the route table at once (not at the next health check)
 * and any wait on its health fails; a rollout watching it sees it stopped.
 */
@ApplicationScoped
public class InstanceExits implements InstanceExitListener {
  private static final Logger LOG = Logger.getLogger(InstanceExits.class);

  private final HealthChecker health;
  private final LiveServices services;

  InstanceExits(HealthChecker health, LiveServices services) {
    this.health = health;
    this.services = services;
  }

  @Override
  public void onExit(Instance instance, int exitCode) {
    LOG.warnf(
        "instance exited service=%s version=%s instance=%s code=%d",
        instance.service(), instance.version(), instance.id(), exitCode);
    health.instanceExited(instance, exitCode);
    services.service(instance.service()).ifPresent(service -> service.publish());
  }
}
