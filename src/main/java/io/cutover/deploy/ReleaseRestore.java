package io.cutover.deploy;

import io.cutover.cluster.ServiceLeases;
import io.cutover.config.ServiceConfig;
import io.cutover.db.DatabaseUnavailableException;
import io.cutover.instance.DriverRegistry;
import io.cutover.instance.GatewayStoppingException;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceSpec;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseHistory;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * After a gateway restart: releases that were running are ended {@code failed} (nobody drives them
 * any more), and each service's live release is started again, healthy before it gets traffic. The
 * start-up (io.cutover.startup) runs it once the database answers, and before that may start the
 * last-known live releases from the data directory: those are then kept, not started twice.
 */
@ApplicationScoped
public class ReleaseRestore {
  private static final Logger LOG = Logger.getLogger(ReleaseRestore.class);
  static final String INTERRUPTED =
      "the gateway stopped while this release was running; deploy again";

  private final ReleaseHistory history;
  private final LiveServices services;
  private final DriverRegistry drivers;
  private final InstanceStarts starts;
  private final InstanceRetirement retirement;
  private final ServiceLeases leases;

  /**
   * Completes once the start-up restore has run, well or not: until then a new release could be
   * failed as "interrupted" by it, or built on a live release not restored yet.
   */
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  ReleaseRestore(
      ReleaseHistory history,
      LiveServices services,
      DriverRegistry drivers,
      InstanceStarts starts,
      InstanceRetirement retirement,
      ServiceLeases leases) {
    this.leases = leases;
    this.history = history;
    this.services = services;
    this.drivers = drivers;
    this.starts = starts;
    this.retirement = retirement;
  }

  /** Set while the start-up restore waits for the database: new releases get this at once. */
  private volatile DatabaseUnavailableException waitingFor;

  /** The start-up restore has run (well or not): new releases may start. */
  public void markSettled() {
    waitingFor = null;
    settled.complete(null);
  }

  /** The start-up restore waits for the database to come back; new releases are refused so. */
  public void waitForDatabase(DatabaseUnavailableException outage) {
    waitingFor = outage;
  }

  /** Whether the start-up restore has run; new releases wait for it. */
  boolean isSettled() {
    return settled.isDone();
  }

  /** Completes when the start-up restore has run. */
  Uni<Void> settled() {
    DatabaseUnavailableException outage = waitingFor;
    if (outage != null && !settled.isDone()) {
      return Uni.createFrom().failure(outage);
    }
    return Uni.createFrom().completionStage(settled);
  }

  /** Fails the interrupted releases, then restores every live one; completes with the latter. */
  public Uni<List<Release>> restoreAll() {
    return leases
        .heldElsewhere()
        // No cluster tables yet (or no answer): this gateway is alone, as before.
        .onFailure()
        .recoverWithItem(java.util.Map.of())
        .chain(elsewhere -> history.failInterrupted(INTERRUPTED, elsewhere.keySet()))
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
        .asList()
        // Only now: a container of a live release is adopted before anything is swept.
        // A restore cut short by the gateway's stop restored nothing: what it left unadopted
        // still belongs to a live release, and the next gateway adopts it.
        .call(
            restored ->
                ApplicationLifecycleManager.isVmShuttingDown()
                    ? Uni.createFrom().voidItem()
                    : drivers.restoreEnded(liveByService(restored)));
  }

  private static java.util.Map<String, Long> liveByService(List<Release> restored) {
    java.util.Map<String, Long> live = new java.util.TreeMap<>();
    restored.forEach(r -> live.put(r.getService(), r.getId()));
    return live;
  }

  /**
   * Whether a failed start is explained by the gateway stopping: a start refused for it, or any
   * failure once the VM shuts down (the pools and contexts close under the start then).
   */
  private static boolean stopping(Throwable failure) {
    return GatewayStoppingException.causedBy(failure)
        || ApplicationLifecycleManager.isVmShuttingDown();
  }

  /** Starts the release's instances again and routes to them once healthy. */
  public Uni<Release> restore(Release release) {
    LiveService running = services.service(release.getService()).orElse(null);
    if (running != null
        && running.livePool() != null
        && Long.valueOf(release.getId()).equals(running.liveReleaseId())
        && release.getVersion().equals(running.liveVersion())) {
      // Started from the last-known routes while the database was down: it serves already.
      LOG.infof(
          "live release confirmed service=%s version=%s release=%d",
          running.name(), release.getVersion(), release.getId());
      return history
          .append(
              release.getId(),
              ReleaseEventType.RELEASE_RESTORED,
              "served from the last-known routes while the database was down; confirmed",
              null)
          .onFailure()
          .recoverWithNull()
          .replaceWith(release);
    }
    return start(release.getService(), release.getId(), release.getVersion(), release.getTargets())
        .chain(
            started ->
                started
                    ? history
                        .append(
                            release.getId(),
                            ReleaseEventType.RELEASE_RESTORED,
                            "instances started again after a gateway restart",
                            null)
                        .onFailure()
                        .recoverWithNull()
                    : Uni.createFrom().nullItem())
        .replaceWith(release);
  }

  /**
   * Starts a live release's instances (again) and routes to them once healthy; instances of another
   * release the service ran (last-known ones) are stopped. True when it started; false when there
   * is no such service or the start failed (logged).
   */
  public Uni<Boolean> start(String service, long releaseId, String version, List<String> targets) {
    LiveService live = services.service(service).orElse(null);
    if (live == null) {
      LOG.warnf(
          "live release not restored service=%s release=%d reason=no service file",
          service, releaseId);
      return Uni.createFrom().item(false);
    }
    ServiceConfig config = live.config();
    int count = targets == null || targets.isEmpty() ? config.instances() : targets.size();
    InstanceDriver driver = drivers.driverFor(config);
    List<Uni<Instance>> started = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      String target = targets == null || targets.isEmpty() ? null : targets.get(index);
      InstanceSpec spec = new InstanceSpec(live.name(), version, index, config, target, releaseId);
      // Watched from the start: routed once healthy, as soon as the pools below hold them.
      started.add(starts.start(driver, spec, instance -> {}));
    }
    return InstanceStarts.all(started)
        .invoke(
            instances -> {
              List<Instance> replaced =
                  live.pools().stream().flatMap(pool -> pool.instances().stream()).toList();
              live.pools(List.of(new InstancePool(version, 100, Pool.Role.STABLE, instances)));
              live.markLive(releaseId, version); // after the pools: its listeners read them
              retirement
                  .stopAll(replaced, driver, config.drain().stopTimeout())
                  .subscribe()
                  .with(v -> {});
              LOG.infof(
                  "live release restored service=%s version=%s release=%d instances=%d",
                  live.name(), version, releaseId, instances.size());
            })
        .replaceWith(true)
        .onFailure(ReleaseRestore::stopping)
        .invoke(
            e ->
                LOG.infof(
                    "live release not restored service=%s release=%d reason=the gateway is stopping",
                    live.name(), releaseId))
        .onFailure(e -> !stopping(e))
        .invoke(
            e ->
                LOG.errorf(
                    "live release not restored service=%s release=%d reason=%s",
                    live.name(), releaseId, DeployFailure.rootMessage(e)))
        .onFailure()
        .recoverWithItem(false);
  }
}
