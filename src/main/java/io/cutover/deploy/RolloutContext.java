package io.cutover.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cutover.config.ServiceConfig;
import io.cutover.db.DatabaseUnavailableException;
import io.cutover.health.HealthChecker;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.release.ReleaseChange;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveService;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What one rollout works with: the release it runs and the gateway's parts it acts through, and how
 * it writes its steps down. Recording an event never fails a deploy: a database hiccup is logged,
 * the rollout goes on.
 */
record RolloutContext(RolloutRelease release, RolloutParts parts) {
  private static final Logger LOG = Logger.getLogger(RolloutContext.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration MAX_RETRY_GAP = Duration.ofSeconds(5);

  long releaseId() {
    return release.id();
  }

  String service() {
    return release.service();
  }

  String version() {
    return release.version();
  }

  String strategy() {
    return release.strategy();
  }

  ServiceConfig config() {
    return release.config();
  }

  List<String> targets() {
    return release.targets();
  }

  LiveService live() {
    return release.live();
  }

  InstanceDriver driver() {
    return release.driver();
  }

  HealthChecker health() {
    return parts.health();
  }

  Drainer drainer() {
    return parts.drainer();
  }

  ReleaseHistory history() {
    return parts.history();
  }

  InstanceStarts starts() {
    return parts.starts();
  }

  /** Appends a step to the release's log; {@code data}, if not null, is written as JSON. */
  Uni<Void> event(ReleaseEventType type, String message, Object data) {
    return history()
        .append(releaseId(), type, message, data == null ? null : json(data))
        .replaceWithVoid()
        .onFailure()
        .invoke(
            e ->
                LOG.warnf(
                    "release event not recorded release=%d type=%s reason=%s",
                    releaseId(), type, e.getMessage()))
        .onFailure()
        .recoverWithNull();
  }

  /** Applies the release's end and appends its event in one transaction. */
  Uni<Void> end(
      ReleaseChange change, Instant at, ReleaseEventType type, String message, Object data) {
    return history()
        .update(releaseId(), change, at, type, message, data == null ? null : json(data))
        .replaceWithVoid();
  }

  /**
   * Writes down how the release ended: {@code write} gets the moment it ended. The rollout is over
   * either way; but a release left {@code deploying} in the history would hold its service (every
   * deploy 409) until a gateway restart, which would then fail it even when it went live. So a
   * database outage does not lose the write: it is retried in the background, with back-off, until
   * the database is back, and completes at once meanwhile.
   */
  Uni<Void> recordEnd(ReleaseStatus status, Function<Instant, Uni<?>> write) {
    Instant endedAt = Instant.now();
    Uni<Void> attempt = Uni.createFrom().deferred(() -> write.apply(endedAt)).replaceWithVoid();
    return attempt
        .onFailure(DatabaseUnavailableException::isOutage)
        .recoverWithUni(
            outage -> {
              LOG.warnf(
                  "release end not recorded yet, retrying until the database is back release=%d"
                      + " status=%s reason=%s",
                  releaseId(), status.value(), outage.getMessage());
              attempt
                  .onFailure(DatabaseUnavailableException::isOutage)
                  .retry()
                  .withBackOff(FIRST_RETRY, MAX_RETRY_GAP)
                  .indefinitely()
                  .subscribe()
                  .with(
                      done ->
                          LOG.infof(
                              "release end recorded after the database outage release=%d"
                                  + " status=%s",
                              releaseId(), status.value()),
                      failure -> notRecorded(status, failure));
              return Uni.createFrom().voidItem();
            })
        .onFailure()
        .invoke(failure -> notRecorded(status, failure))
        .onFailure()
        .recoverWithNull();
  }

  private void notRecorded(ReleaseStatus status, Throwable failure) {
    LOG.errorf(
        failure, "release end not recorded release=%d status=%s", releaseId(), status.value());
  }

  private String json(Object value) {
    try {
      return parts.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Drains instances already out of the table, then stops them; both recorded as events. Stops run
   * even when the drain was cut short, so nothing is left running.
   */
  Uni<Void> retire(List<Instance> instances, String label) {
    return parts
        .retirement()
        .retire(
            instances,
            driver(),
            config().drain(),
            result ->
                event(
                    ReleaseEventType.DRAIN_FINISHED,
                    "drained "
                        + instances.size()
                        + " instance(s) of "
                        + label
                        + ": "
                        + result.inFlightAtStart()
                        + " in flight at start, "
                        + result.cutAtTimeout()
                        + " cut at the timeout",
                    result))
        .chain(
            () ->
                event(
                    ReleaseEventType.INSTANCES_STOPPED,
                    "stopped " + instances.size() + " instance(s) of " + label,
                    null));
  }
}
