package io.cutover.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a release is in its life. The JSON and database value is {@link #value()}; every allowed
 * move is in {@link #next()}, so the whole state machine reads in one place.
 */
public enum ReleaseStatus {
  /** Recorded, not started yet. */
  PENDING("pending"),
  /** Instances starting, health gating, traffic moving, or baking after the switch. */
  DEPLOYING("deploying"),
  /** Waiting for promote or resume: a canary step with pause 0, or paused by hand. */
  PAUSED("paused"),
  /** Serves the traffic; the deploy is over. */
  LIVE("live"),
  FAILED("failed"),
  /** The deploy went bad and traffic went back to the previous release. */
  ROLLED_BACK("rolled_back"),
  ABORTED("aborted"),
  /** It was live; a newer release of the service is live now. */
  SUPERSEDED("superseded");

  private final String value;

  ReleaseStatus(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  /** Parses a JSON or database value ({@code rolled_back}); unknown values are refused. */
  @JsonCreator
  public static ReleaseStatus of(String value) {
    for (ReleaseStatus status : values()) {
      if (status.value.equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown release status '" + value + "'; one of " + Arrays.toString(values()));
  }

  /** Pending, deploying or paused: the one release a service may have in flight. */
  public boolean isRunning() {
    return this == PENDING || this == DEPLOYING || this == PAUSED;
  }

  /** Nothing follows: failed, rolled back, aborted, superseded. */
  public boolean isFinal() {
    return next().isEmpty();
  }

  /** Statuses this one may move to. A live release only ever becomes superseded. */
  public Set<ReleaseStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(DEPLOYING, FAILED, ABORTED);
      case DEPLOYING -> EnumSet.of(PAUSED, LIVE, FAILED, ROLLED_BACK, ABORTED);
      case PAUSED -> EnumSet.of(DEPLOYING, LIVE, FAILED, ROLLED_BACK, ABORTED);
      case LIVE -> EnumSet.of(SUPERSEDED);
      case FAILED, ROLLED_BACK, ABORTED, SUPERSEDED -> EnumSet.noneOf(ReleaseStatus.class);
    };
  }

  public boolean canMoveTo(ReleaseStatus next) {
    return next().contains(next);
  }

  @Override
  public String toString() {
    return value;
  }
}
