package io.cutover.deploy;

import io.cutover.config.ServiceConfig;
import io.cutover.health.HealthChecker;
import io.cutover.instance.DriverRegistry;
import io.cutover.instance.GatewayStoppingException;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceSpec;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * After a gateway restart: releases that were running are ended {@code failed} (nobody drives them
 * any more), and each service's live release is started again, healthy before it gets traffic.
 */
@ApplicationScoped
public class ReleaseRestore {
  private static final Logger LOG = Logger.getLogger(ReleaseRestore.class);
  static final String INTERRUPTED =
      "the gateway stopped while this release was running; deploy again";

  private final ReleaseHistory history;
  private final LiveServices services;
  private final DriverRegistry drivers;
  private final HealthChecker health;
  private final InstanceExits exits;

  /**
   * Completes once the start-up restore has run, well or not: until then a new release could be
   * failed as "interrupted" by it, or built on a live release not restored yet.
   */
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  ReleaseRestore(
      ReleaseHistory history,
      LiveServices services,
      DriverRegistry drivers,
      HealthChecker health,
      InstanceExits exits) {
    this.history = history;
    this.services = services;
    this.drivers = drivers;
    this.health = health;
    this.exits = exits;
  }

  void onStart(@Observes StartupEvent event) {
    // Not awaited: the proxy serves (503 for services not back yet) while instances start.
    restoreAll()
        .subscribe()
        .with(
            done -> {
              LOG.infof("live releases restored count=%d", done.size());
              settled.complete(null);
            },
            failure -> {
              if (ApplicationLifecycleManager.isVmShuttingDown()) {
                // stopped during boot: the database pool closed under the restore, no error
                LOG.infof("live releases not restored reason=the gateway is stopping");
              } else {
                LOG.errorf("live releases not restored reason=%s", failure.getMessage());
              }
              settled.complete(null);
            });
  }

  /** Whether the start-up restore has run; new releases wait for it. */
  boolean isSettled() {
    return settled.isDone();
  }

  /** Completes when the start-up restore has run. */
  Uni<Void> settled() {
    return Uni.createFrom().completionStage(settled);
  }

  /** Fails the interrupted releases, then restores every live one; completes with the latter. */
  public Uni<List<Release>> restoreAll() {
    return history
        .failInterrupted(INTERRUPTED)
        .invoke(
            failed ->
                failed.forEach(
                    r ->
                        LOG.warnf(
                            "release failed on restart service=%s release=%d version=%s",
                            r.getService(), r.getId(), r.getVersion())))
        .chain(history::liveReleases)
        .onItem()
        .transformToMulti(releases -> io.smallrye.mutiny.Multi.createFrom().iterable(releases))
        .onItem()
        .transformToUniAndMerge(this::restore)
        .collect()
        .asList();
  }

  /** Starts the release's instances again and routes to them once healthy. */
  public Uni<Release> restore(Release release) {
    LiveService live = services.service(release.getService()).orElse(null);
    if (live == null) {
      LOG.warnf(
          "live release not restored service=%s release=%d reason=no service file",
          release.getService(), release.getId());
      return Uni.createFrom().item(release);
    }
    ServiceConfig config = live.config();
    List<String> targets = release.getTargets();
    int count = targets == null || targets.isEmpty() ? config.instances() : targets.size();
    InstanceDriver driver = drivers.driverFor(config);
    List<Uni<Instance>> starts = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      String target = targets == null || targets.isEmpty() ? null : targets.get(index);
      starts.add(
          driver.start(
              new InstanceSpec(live.name(), release.getVersion(), index, config, target), exits));
    }
    return Uni.join()
        .all(starts)
        .andCollectFailures()
        .invoke(
            instances -> {
              instances.forEach(i -> health.watch(i, config.health(), services));
              live.markLive(release.getId(), release.getVersion());
              live.pools(
                  List.of(
                      new InstancePool(release.getVersion(), 100, Pool.Role.STABLE, instances)));
              LOG.infof(
                  "live release restored service=%s version=%s release=%d instances=%d",
                  live.name(), release.getVersion(), release.getId(), instances.size());
            })
        .chain(
            instances ->
                history
                    .append(
                        release.getId(),
                        "release.restored",
                        "instances started again after a gateway restart",
                        null)
                    .onFailure()
                    .recoverWithNull())
        .replaceWith(release)
        .onFailure(GatewayStoppingException::causedBy)
        .invoke(
            e ->
                LOG.infof(
                    "live release not restored service=%s release=%d reason=the gateway is stopping",
                    live.name(), release.getId()))
        .onFailure(e -> !GatewayStoppingException.causedBy(e))
        .invoke(
            e ->
                LOG.errorf(
                    "live release not restored service=%s release=%d reason=%s",
                    live.name(), release.getId(), Rollout.rootMessage(e)))
        .onFailure()
        .recoverWithItem(release);
  }
}
