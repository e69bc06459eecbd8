package io.cutover.deploy;

import io.cutover.config.DrainConfig;
import io.cutover.health.HealthChecker;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Drain-then-stop: the one way instances leave, for a rollout retiring the old version, a revert
 * removing the new one, and a deleted service. The instances must already be out of the table.
 */
@ApplicationScoped
class InstanceRetirement {
  private static final Logger LOG = Logger.getLogger(InstanceRetirement.class);

  private final Drainer drainer;
  private final HealthChecker health;

  InstanceRetirement(Drainer drainer, HealthChecker health) {
    this.drainer = drainer;
    this.health = health;
  }

  /**
   * Drains {@code instances}, runs {@code drained} with the result, then stops them. Stops run even
   * when the drain was cut short, so nothing is left running.
   */
  Uni<Void> retire(
      List<Instance> instances,
      InstanceDriver driver,
      DrainConfig drain,
      Function<DrainResult, Uni<Void>> drained) {
    return drainer
        .drain(instances, drain.timeout())
        .chain(result -> drained.apply(result))
        .chain(() -> stopAll(instances, driver, drain.stopTimeout()));
  }

  /** Stops every instance and its health watch; a failed stop is logged, never fails the rest. */
  Uni<Void> stopAll(List<Instance> instances, InstanceDriver driver, Duration stopTimeout) {
    List<Uni<Void>> stops =
        instances.stream()
            .map(
                instance -> {
                  health.watching(instance).ifPresent(watch -> watch.stop());
                  return driver
                      .stop(instance, stopTimeout)
                      .invoke(() -> instance.state(InstanceState.STOPPED))
                      .onFailure()
                      .invoke(
                          e ->
                              LOG.errorf(
                                  "instance stop failed instance=%s reason=%s",
                                  instance.id(), e.getMessage()))
                      .onFailure()
                      .recoverWithNull();
                })
            .toList();
    return stops.isEmpty()
        ? Uni.createFrom().voidItem()
        : Uni.join().all(stops).andCollectFailures().replaceWithVoid();
  }
}
