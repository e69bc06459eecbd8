package io.cutover.health;

import io.cutover.config.HealthConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health checks of every live instance: at most one {@link HealthWatch} per instance, shared by
 * whoever awaits it during a deploy and whoever keeps listening afterwards.
 */
@ApplicationScoped
public class HealthChecker {
  private final HealthProbe probe;
  private final Vertx vertx;
  // Keyed by identity: an instance object is one running copy, never recreated.
  private final Map<Instance, HealthWatch> watches = new ConcurrentHashMap<>();

  @Inject
  public HealthChecker(Vertx vertx) {
    this.vertx = vertx;
    this.probe = new HealthProbe(vertx);
  }

  /**
   * Starts checking the instance, or joins the checks already running for it (whose config then
   * stays in force), and reports its transitions to the listener.
   */
  public HealthWatch watch(Instance instance, HealthConfig config, HealthListener listener) {
    HealthWatch watch =
        watches.computeIfAbsent(
            instance,
            key -> new HealthWatch(vertx, probe, key, config, ended -> watches.remove(key, ended)));
    watch.listen(listener);
    watch.start();
    return watch;
  }

  /**
   * Completes once the instance is healthy; fails with {@link InstanceNotHealthyException} at
   * startup-timeout or as soon as {@link #instanceExited} is called for it. The checks keep running
   * afterwards: {@link #watch} joins them, stopping the instance ends them.
   */
  public Uni<Void> awaitHealthy(Instance instance, HealthConfig config) {
    return Uni.createFrom()
        .deferred(() -> watch(instance, config, HealthListener.NONE).awaitHealthy());
  }

  /**
   * One check now of an instance another gateway of the cluster already found healthy (its
   * threshold passed there): if it passes from here too, a starting instance turns healthy at once
   * rather than after this gateway's own threshold. Its watch goes on judging it as usual. True
   * when it turned healthy.
   */
  public Uni<Boolean> confirmHealthy(Instance instance, HealthConfig config) {
    return probe
        .check(instance, config)
        .map(
            result ->
                result.passed() && instance.state(InstanceState.STARTING, InstanceState.HEALTHY));
  }

  /**
   * Same shape as {@code InstanceExitListener}: pass {@code checker::instanceExited} to a driver.
   */
  public void instanceExited(Instance instance, int exitCode) {
    watching(instance).ifPresent(watch -> watch.instanceExited(exitCode));
  }

  public Optional<HealthWatch> watching(Instance instance) {
    return Optional.ofNullable(watches.get(instance));
  }

  @PreDestroy
  public void close() {
    List.copyOf(watches.values()).forEach(HealthWatch::stop);
    probe.close();
  }
}
