package io.cutover.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.config.ServiceConfig;
import io.cutover.instance.DriverRegistry;
import io.cutover.instance.DriverUnavailableException;
import io.cutover.instance.InstanceDriver;
import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseConflictException;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.DeployStrategy;
import io.cutover.strategy.Step;
import io.cutover.strategy.registry.Strategies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts releases and takes the control verbs (abort, pause, resume, promote) of the running ones.
 * One running release per service ({@link RunningReleases}); each runs as a {@link Rollout} off the
 * event loops, and is the only writer of its service's pools meanwhile.
 */
@ApplicationScoped
public class ReleaseExecutor {
  private static final Logger LOG = Logger.getLogger(ReleaseExecutor.class);
  private static final Duration RESTORE_WAIT = Duration.ofSeconds(30);
  // An ended rollout lets go of its service once its end is written; a database outage may hold it.
  private static final Duration ENDING_WAIT = Duration.ofSeconds(10);

  private final LiveServices services;
  private final Strategies strategies;
  private final DriverRegistry drivers;
  private final ReleaseHistory history;
  private final ObjectMapper mapper;
  private final ReleaseRestore restore;
  private final RolloutParts parts;
  private final RunningReleases running;

  ReleaseExecutor(
      LiveServices services,
      Strategies strategies,
      DriverRegistry drivers,
      ReleaseHistory history,
      ObjectMapper mapper,
      ReleaseRestore restore,
      RolloutParts parts,
      RunningReleases running) {
    this.services = services;
    this.strategies = strategies;
    this.drivers = drivers;
    this.history = history;
    this.mapper = mapper;
    this.restore = restore;
    this.parts = parts;
    this.running = running;
  }

  /**
   * Records a new release and starts rolling it out; the Uni completes with the release as recorded
   * ({@code pending}) while the rollout goes on.
   */
  public Uni<Release> deploy(DeployRequest request) {
    return deploy(request, false);
  }

  /**
   * As {@link #deploy(DeployRequest)}; with {@code adopt} the release takes over the live instances
   * as they run (a rollback to the version they already run).
   */
  Uni<Release> deploy(DeployRequest request, boolean adopt) {
    if (!restore.isSettled()) {
      // Right after a start: the restore would fail this release as interrupted, or the release
      // would start from a live release whose instances are not back yet.
      return restore
          .settled()
          .ifNoItem()
          .after(RESTORE_WAIT)
          .failWith(
              () ->
                  new DeployRefusedException(
                      503,
                      "the gateway is still restoring its live releases after a start: deploy"
                          + " again in a few seconds"))
          .chain(() -> deploy(request, adopt));
    }
    LiveService live =
        services
            .service(request.service())
            .orElseThrow(() -> DeployRefusedException.unknownService(request.service()));
    ServiceConfig config = request.configOr(live.config());
    String strategyName = request.strategyOr(config);
    DeployStrategy strategy =
        strategies
            .named(strategyName)
            .orElseThrow(
                () ->
                    DeployRefusedException.invalid(
                        "unknown strategy \""
                            + strategyName
                            + "\": use one of "
                            + strategies.names()));
    request.checkVersion();
    ServiceConfig effective = request.withTargets(config);
    InstanceDriver driver;
    try {
      driver = drivers.driverFor(effective);
    } catch (DriverUnavailableException e) {
      throw DeployRefusedException.invalid(e.getMessage());
    }
    Rollout ending = running.rollout(live.name()).filter(Rollout::isEnding).orElse(null);
    if (ending != null) {
      // A deploy sent the moment the last one reads live (or rolled_back) waits for its end to be
      // written down rather than getting 409 from a release that is over.
      return Uni.createFrom()
          .completionStage(ending.ended().copy())
          .ifNoItem()
          .after(ENDING_WAIT)
          .recoverWithItem((ReleaseStatus) null)
          .onFailure()
          .recoverWithNull()
          .chain(() -> deploy(request, adopt));
    }
    Optional<RunningReleases.Slot> holder = running.hold(live.name());
    if (holder.isPresent()) {
      // A release being recorded has no id to name yet.
      throw DeployRefusedException.running(
          live.name(),
          holder.get() instanceof RunningReleases.Running r ? r.rollout().releaseId() : null);
    }
    NewRelease record =
        new NewRelease(
            live.name(),
            request.version(),
            strategy.name(),
            request.trigger(),
            live.liveReleaseId(),
            json(effective),
            request.targets(),
            request.reason());
    return history
        .create(record)
        .onFailure(ReleaseConflictException.class)
        .transform(e -> DeployRefusedException.running(live.name(), null))
        .onFailure()
        .invoke(() -> running.release(live.name()))
        .invoke(release -> begin(release, live, effective, strategy, driver, request, adopt));
  }

  /** Aborts the service's running release, if any, and completes once it has ended. */
  Uni<Void> abortRunning(String service, String reason) {
    Rollout rollout = running.rollout(service).orElse(null);
    if (rollout == null) {
      return Uni.createFrom().voidItem();
    }
    rollout.abort(reason);
    return Uni.createFrom().completionStage(rollout.ended().copy()).replaceWithVoid();
  }

  private void begin(
      Release release,
      LiveService live,
      ServiceConfig config,
      DeployStrategy strategy,
      InstanceDriver driver,
      DeployRequest request,
      boolean adopt) {
    InstancePool current = live.livePool();
    DeployContext planning =
        new DeployContext(
            config,
            request.version(),
            current == null ? null : current.version(),
            current == null ? 0 : current.instances().size());
    List<Step> steps;
    try {
      steps = adopt ? List.of() : strategy.plan(planning);
    } catch (RuntimeException e) {
      // A plugin that cannot plan must not hold the service's slot nor leave the release pending.
      running.release(live.name());
      LOG.errorf(
          e, "strategy could not plan release=%d strategy=%s", release.getId(), strategy.name());
      history
          .moveTo(
              release.getId(),
              ReleaseStatus.FAILED,
              "strategy " + strategy.name() + " could not plan this deploy: " + e.getMessage())
          .subscribe()
          .with(r -> {}, f -> LOG.errorf("release end not recorded release=%d", release.getId()));
      return;
    }
    RolloutContext ctx =
        parts.contextFor(
            new RolloutRelease(
                release.getId(),
                live.name(),
                request.version(),
                strategy.name(),
                config,
                request.targets(),
                live,
                driver));
    Rollout rollout = new Rollout(ctx, steps, adopt);
    running.run(live.name(), rollout);
    LOG.infof(
        "release started service=%s version=%s strategy=%s release=%d steps=%s",
        live.name(), request.version(), strategy.name(), release.getId(), steps);
    rollout
        .run()
        .subscribe()
        .with(
            status -> {
              running.ended(live.name(), rollout);
              rollout.markEnded(status);
            },
            failure -> {
              running.ended(live.name(), rollout);
              rollout.markEnded(ReleaseStatus.FAILED);
              LOG.errorf(failure, "rollout crashed release=%d", release.getId());
            });
  }

  /** The running release of a service, if any. */
  public Optional<Long> runningRelease(String service) {
    return running.rollout(service).filter(r -> !r.isEnding()).map(Rollout::releaseId);
  }

  public boolean abort(long releaseId, String reason) {
    return find(releaseId)
        .map(
            r -> {
              r.abort(reason);
              return true;
            })
        .orElse(false);
  }

  public boolean pause(long releaseId) {
    return find(releaseId)
        .map(
            r -> {
              r.gates().pauseByHand();
              return true;
            })
        .orElse(false);
  }

  public boolean resume(long releaseId) {
    return find(releaseId).map(r -> r.gates().resume()).orElse(false);
  }

  /** Ends a pause step early; false when the release is not waiting for one. */
  public boolean promote(long releaseId) {
    return find(releaseId).map(r -> r.gates().promote()).orElse(false);
  }

  private Optional<Rollout> find(long releaseId) {
    return running.find(releaseId);
  }

  private String json(ServiceConfig config) {
    try {
      return mapper.writeValueAsString(config);
    } catch (Exception e) {
      throw new IllegalStateException("service config is not serializable: " + e.getMessage(), e);
    }
  }
}
