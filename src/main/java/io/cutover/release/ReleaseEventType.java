package io.cutover.release;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every kind of step a release's log holds. {@link #value()} is what the database, the API and the
 * SSE stream carry: those strings are the contract (SPEC), never rename one.
 */
public enum ReleaseEventType {
  RELEASE_STARTED("release.started"),
  RELEASE_WAITING("release.waiting"),
  RELEASE_PAUSED("release.paused"),
  RELEASE_RESUMED("release.resumed"),
  RELEASE_LIVE("release.live"),
  RELEASE_FAILED("release.failed"),
  RELEASE_ROLLED_BACK("release.rolled_back"),
  RELEASE_ABORTED("release.aborted"),
  RELEASE_RESTORED("release.restored"),
  IMAGE_PULLING("image.pulling"),
  IMAGE_PULLED("image.pulled"),
  RELEASE_COMMAND_PASSED("release_command.passed"),
  RELEASE_COMMAND_FAILED("release_command.failed"),
  INSTANCES_STARTED("instances.started"),
  INSTANCES_HEALTHY("instances.healthy"),
  INSTANCES_STOPPED("instances.stopped"),
  INSTANCES_RESTORED("instances.restored"),
  INSTANCES_RESTORE_FAILED("instances.restore_failed"),
  DRAIN_FINISHED("drain.finished"),
  TRAFFIC_SHIFTED("traffic.shifted"),
  TRAFFIC_SHARED("traffic.shared"),
  TRAFFIC_SWITCHED("traffic.switched"),
  TRAFFIC_REVERTED("traffic.reverted"),
  BAKE_STARTED("bake.started"),
  BAKE_PASSED("bake.passed"),
  BAKE_FAILED("bake.failed"),
  ANALYSIS_PASSED("analysis.passed"),
  ANALYSIS_FAILED("analysis.failed"),
  ANALYSIS_INCONCLUSIVE("analysis.inconclusive"),
  ROLLBACK_RECORDED("rollback.recorded"),
  /** A webhook answered 2xx. */
  NOTIFICATION_DELIVERED("notification.delivered"),
  /** One delivery attempt failed; the data says whether it is retried. */
  NOTIFICATION_FAILED("notification.failed"),
  /** Not even tried: too many deliveries were waiting already. */
  NOTIFICATION_DROPPED("notification.dropped");

  private final String value;

  ReleaseEventType(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  /** The event a release's log closes with once it ended in {@code status}. */
  public static ReleaseEventType endOf(ReleaseStatus status) {
    return switch (status) {
      case LIVE -> RELEASE_LIVE;
      case FAILED -> RELEASE_FAILED;
      case ROLLED_BACK -> RELEASE_ROLLED_BACK;
      case ABORTED -> RELEASE_ABORTED;
      case PENDING, DEPLOYING, PAUSED, SUPERSEDED ->
          throw new IllegalArgumentException("a release does not end " + status);
    };
  }

  /** Whether this event closes a release's log: the last one its stream sends. */
  public boolean closes() {
    return this == RELEASE_LIVE
        || this == RELEASE_FAILED
        || this == RELEASE_ROLLED_BACK
        || this == RELEASE_ABORTED;
  }

  /** About a webhook delivery: never itself sent to a webhook, so no delivery feeds on another. */
  public boolean isNotification() {
    return this == NOTIFICATION_DELIVERED
        || this == NOTIFICATION_FAILED
        || this == NOTIFICATION_DROPPED;
  }

  @Override
  public String toString() {
    return value;
  }
}
