package io.cutover.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.config.ServiceConfig;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.release.ReleaseTrigger;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A rollback is a new release (trigger {@code rollback}) of an earlier release's version with the
 * config it ran with. While a release is still running, the version it replaces is warm: the
 * rollback aborts it (one table swap back) and the new release adopts the warm instances.
 */
@ApplicationScoped
public class Rollbacks {
  private final ReleaseExecutor executor;
  private final ReleaseHistory history;
  private final LiveServices services;
  private final ObjectMapper mapper;

  Rollbacks(
      ReleaseExecutor executor,
      ReleaseHistory history,
      LiveServices services,
      ObjectMapper mapper) {
    this.executor = executor;
    this.history = history;
    this.services = services;
    this.mapper = mapper;
  }

  /**
   * @param to a release id or a version of this service; null for the last release live before the
   *     current one
   */
  public Uni<Release> rollback(String service, String to) {
    LiveService live =
        services.service(service).orElseThrow(() -> DeployRefusedException.unknownService(service));
    boolean running = executor.runningRelease(service).isPresent();
    return target(live, to, running)
        .call(target -> executor.abortRunning(service, "rolled back to release " + target.getId()))
        .chain(target -> start(live, target));
  }

  private Uni<Release> target(LiveService live, String to, boolean running) {
    Long liveId = live.liveReleaseId();
    if (to == null || to.isBlank()) {
      if (liveId == null) {
        throw DeployRefusedException.invalid(
            "service " + live.name() + " has no live release to roll back from");
      }
      if (running) {
        // The running release replaces the live one: going back means the live one.
        return history.find(liveId);
      }
      return history
          .lastLiveBefore(live.name(), liveId, live.liveVersion())
          .map(
              found ->
                  found.orElseThrow(
                      () ->
                          DeployRefusedException.invalid(
                              "service "
                                  + live.name()
                                  + " has no earlier live release than "
                                  + liveId
                                  + ": name one with \"to\"")));
    }
    return byIdOrVersion(live.name(), to.trim())
        .map(
            found -> {
              Release target =
                  found.orElseThrow(
                      () ->
                          new DeployRefusedException(
                              404,
                              "service "
                                  + live.name()
                                  + " has no release with id or version \""
                                  + to
                                  + "\""));
              ReleaseStatus status = target.getStatus();
              if (status != ReleaseStatus.LIVE && status != ReleaseStatus.SUPERSEDED) {
                throw DeployRefusedException.invalid(
                    "release "
                        + target.getId()
                        + " ("
                        + target.getVersion()
                        + ") never went live (it is "
                        + status.value()
                        + "): roll back to one that did");
              }
              if (!running && target.getId() == (liveId == null ? -1 : liveId)) {
                throw new DeployRefusedException(
                    409, "release " + target.getId() + " is live already: nothing to roll back");
              }
              return target;
            });
  }

  private Uni<Optional<Release>> byIdOrVersion(String service, String to) {
    Uni<Optional<Release>> byVersion = history.latestWithVersion(service, to);
    if (!to.chars().allMatch(Character::isDigit) || to.length() > 18) {
      return byVersion;
    }
    long id = Long.parseLong(to);
    return history
        .find(id)
        .map(r -> r.getService().equals(service) ? Optional.of(r) : Optional.<Release>empty())
        .onFailure(io.cutover.release.ReleaseNotFoundException.class)
        .recoverWithItem(Optional.empty())
        .chain(found -> found.isPresent() ? Uni.createFrom().item(found) : byVersion);
  }

  private Uni<Release> start(LiveService live, Release target) {
    ServiceConfig config = configOf(target, live.config());
    DeployRequest request =
        new DeployRequest(
            live.name(),
            target.getVersion(),
            null,
            target.getTargets(),
            ReleaseTrigger.ROLLBACK,
            "rollback to release " + target.getId() + " (" + target.getVersion() + ")",
            config);
    boolean adopt = target.getVersion().equals(live.liveVersion());
    return executor.deploy(request, adopt);
  }

  /** The config the target ran with, mounted where the service is mounted now. */
  private ServiceConfig configOf(Release target, ServiceConfig current) {
    if (target.getConfig() == null) {
      return current;
    }
    try {
      ServiceConfig then = mapper.readValue(target.getConfig(), ServiceConfig.class);
      return new ServiceConfig(
          current.name(),
          current.routes(),
          then.instances(),
          then.driver(),
          then.health(),
          then.drain(),
          then.deploy(),
          current.limits(),
          current.webhooks());
    } catch (Exception e) {
      return current;
    }
  }
}
