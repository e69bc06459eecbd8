package io.cutover.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.config.DriverType;
import io.cutover.config.ServiceConfig;
import io.cutover.health.HealthChecker;
import io.cutover.instance.DriverRegistry;
import io.cutover.instance.DriverUnavailableException;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseConflictException;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.service.ServiceRemoved;
import io.cutover.strategy.DeployContext;
import io.cutover.strategy.DeployStrategy;
import io.cutover.strategy.Step;
import io.cutover.strategy.registry.Strategies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Starts releases and drives the running ones. One running release per service; each runs as a
 * {@link Rollout} off the event loops, and is the only writer of its service's pools meanwhile.
 */
@ApplicationScoped
public class ReleaseExecutor {
  private static final Logger LOG = Logger.getLogger(ReleaseExecutor.class);
  static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
  private static final Duration RESTORE_WAIT = Duration.ofSeconds(30);
  // An ended rollout lets go of its service once its end is written; a database outage may hold it.
  private static final Duration ENDING_WAIT = Duration.ofSeconds(10);
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

  private final LiveServices services;
  private final Strategies strategies;
  private final DriverRegistry drivers;
  private final HealthChecker health;
  private final Drainer drainer;
  private final ReleaseHistory history;
  private final InstanceExits exits;
  private final ObjectMapper mapper;
  private final ReleaseRestore restore;
  private final Map<String, Rollout> running = new ConcurrentHashMap<>();

  ReleaseExecutor(
      LiveServices services,
      Strategies strategies,
      DriverRegistry drivers,
      HealthChecker health,
      Drainer drainer,
      ReleaseHistory history,
      InstanceExits exits,
      ObjectMapper mapper,
      ReleaseRestore restore) {
    this.services = services;
    this.strategies = strategies;
    this.drivers = drivers;
    this.health = health;
    this.drainer = drainer;
    this.history = history;
    this.exits = exits;
    this.mapper = mapper;
    this.restore = restore;
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
    ServiceConfig config = request.config() != null ? request.config() : live.config();
    String strategyName =
        request.strategy() != null ? request.strategy() : config.deploy().strategy();
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
    if (request.version() == null || !VERSION.matcher(request.version()).matches()) {
      throw DeployRefusedException.invalid(
          "version \""
              + request.version()
              + "\" is not valid: use 1 to 128 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
    }
    ServiceConfig effective = withTargets(config, request.targets());
    InstanceDriver driver;
    try {
      driver = drivers.driverFor(effective);
    } catch (DriverUnavailableException e) {
      throw DeployRefusedException.invalid(e.getMessage());
    }
    Rollout ending = running.get(live.name());
    if (ending != null && ending.isEnding()) {
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
    Rollout holder = running.putIfAbsent(live.name(), placeholderFor(live));
    if (holder != null) {
      // A placeholder (id -1) holds the slot while its release row is written: no id to name yet.
      long id = holder.releaseId();
      throw DeployRefusedException.running(live.name(), id < 0 ? null : id);
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
        .invoke(() -> running.remove(live.name()))
        .invoke(release -> begin(release, live, effective, strategy, driver, request, adopt));
  }

  /** Aborts the service's running release, if any, and completes once it has ended. */
  Uni<Void> abortRunning(String service, String reason) {
    Rollout rollout = running.get(service);
    if (rollout == null || rollout.releaseId() < 0) {
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
      running.remove(live.name());
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
        new RolloutContext(
            release.getId(),
            live.name(),
            request.version(),
            strategy.name(),
            config,
            request.targets(),
            live,
            driver,
            health,
            services,
            exits,
            drainer,
            history,
            mapper);
    Rollout rollout = new Rollout(ctx, steps, adopt);
    running.put(live.name(), rollout);
    LOG.infof(
        "release started service=%s version=%s strategy=%s release=%d steps=%s",
        live.name(), request.version(), strategy.name(), release.getId(), steps);
    rollout
        .run()
        .subscribe()
        .with(
            status -> {
              running.remove(live.name(), rollout);
              rollout.markEnded(status);
            },
            failure -> {
              running.remove(live.name(), rollout);
              rollout.markEnded(ReleaseStatus.FAILED);
              LOG.errorf(failure, "rollout crashed release=%d", release.getId());
            });
  }

  /**
   * A deleted service file: its running release is aborted, then its instances drain and stop, so
   * nothing of it is left running.
   */
  void onServiceRemoved(@Observes ServiceRemoved removed) {
    LiveService live = removed.service();
    Rollout rollout = running.get(live.name());
    if (rollout != null) {
      rollout.abort("the service file was deleted");
    }
    List<Instance> instances =
        live.pools().stream().flatMap(pool -> pool.instances().stream()).toList();
    if (instances.isEmpty()) {
      return;
    }
    ServiceConfig config = live.config();
    InstanceDriver driver = drivers.driverFor(config);
    drainer
        .drain(instances, config.drain().timeout())
        .chain(
            drained ->
                Uni.join()
                    .all(
                        instances.stream()
                            .map(i -> driver.stop(i, config.drain().stopTimeout()))
                            .toList())
                    .andCollectFailures())
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

  /** The running release of a service, if any. */
  public Optional<Long> runningRelease(String service) {
    Rollout rollout = running.get(service);
    return rollout == null || rollout.releaseId() < 0 || rollout.isEnding()
        ? Optional.empty()
        : Optional.of(rollout.releaseId());
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
    return running.values().stream().filter(r -> r.releaseId() == releaseId).findFirst();
  }

  private Rollout placeholderFor(LiveService live) {
    // Holds the service's slot while the release row is written; id -1 is never a real release.
    return new Rollout(
        new RolloutContext(
            -1,
            live.name(),
            "",
            "",
            live.config(),
            null,
            live,
            null,
            health,
            services,
            exits,
            drainer,
            history,
            mapper),
        List.of());
  }

  private static ServiceConfig withTargets(ServiceConfig config, List<String> targets) {
    if (config.driver().type() != DriverType.STATIC) {
      if (targets != null && !targets.isEmpty()) {
        throw DeployRefusedException.invalid(
            "targets are only for the static driver; service "
                + config.name()
                + " uses "
                + config.driver().type().key());
      }
      return config;
    }
    if (targets == null || targets.isEmpty()) {
      throw DeployRefusedException.invalid(
          "service "
              + config.name()
              + " uses the static driver: name the instances in \"targets\", e.g. [\"127.0.0.1:9002\"]");
    }
    for (String target : targets) {
      if (target == null || !TARGET.matcher(target).matches()) {
        throw DeployRefusedException.invalid(
            "target \"" + target + "\" is not host:port, e.g. \"127.0.0.1:9002\"");
      }
    }
    // A static release has exactly the instances it names.
    return new ServiceConfig(
        config.name(),
        config.routes(),
        targets.size(),
        config.driver(),
        config.health(),
        config.drain(),
        config.deploy());
  }

  private String json(ServiceConfig config) {
    try {
      return mapper.writeValueAsString(config);
    } catch (Exception e) {
      throw new IllegalStateException("service config is not serializable: " + e.getMessage(), e);
    }
  }
}
