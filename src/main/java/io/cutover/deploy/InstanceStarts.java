package io.cutover.deploy;

import io.cutover.config.HealthConfig;
import io.cutover.health.HealthChecker;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceState;
import io.cutover.service.LiveServices;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starting instances and watching their health until they are healthy: the one way a rollout, a
 * revert and a restore after a restart bring instances up. A watched instance's health changes
 * republish its service's routes, so only healthy instances ever take requests.
 */
@ApplicationScoped
class InstanceStarts {
  private final HealthChecker health;
  private final InstanceExits exits;
  private final LiveServices services;

  InstanceStarts(HealthChecker health, InstanceExits exits, LiveServices services) {
    this.health = health;
    this.exits = exits;
    this.services = services;
  }

  /**
   * Starts one instance and watches its health; {@code started} runs first (it puts the instance
   * where the health listener finds it, e.g. a rollout's pools).
   */
  Uni<Instance> start(InstanceDriver driver, InstanceSpec spec, Consumer<Instance> started) {
    return driver
        .start(spec, exits)
        .invoke(
            instance -> {
              started.accept(instance);
              health.watch(instance, spec.config().health(), services);
            });
  }

  /** Starts one instance, watches its health, and completes once it is healthy. */
  Uni<Instance> startHealthy(InstanceDriver driver, InstanceSpec spec) {
    return start(driver, spec, instance -> {})
        .call(instance -> health.awaitHealthy(instance, spec.config().health()));
  }

  /** Completes once every one of {@code instances} is healthy; fails at the first that is not. */
  Uni<Void> allHealthy(List<Instance> instances, HealthConfig config) {
    List<Uni<Void>> waits =
        instances.stream()
            .filter(i -> i.state() != InstanceState.HEALTHY)
            .map(i -> health.awaitHealthy(i, config))
            .toList();
    return waits.isEmpty()
        ? Uni.createFrom().voidItem()
        : Uni.join().all(waits).andFailFast().replaceWithVoid();
  }

  /** Every start's instance; fails, once all have ended, if any start failed. */
  static Uni<List<Instance>> all(List<Uni<Instance>> starts) {
    return Uni.join().all(starts).andCollectFailures();
  }
}
