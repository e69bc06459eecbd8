package io.cutover.release;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The service already has a running release (pending, deploying or paused): one at a time (HTTP
 * 409). Raised by the database's unique index, so it holds even when two requests race.
 */
public class ReleaseConflictException extends RuntimeException {
  /** The partial unique index of V1__releases.sql that guards the rule. */
  static final String ONE_RUNNING_INDEX = "releases_one_running_per_service";

  private final String service;
  private final Release running;

  public ReleaseConflictException(String service, Release running, Throwable cause) {
    super(message(service, running), cause);
    this.service = service;
    this.running = running;
  }

  private static String message(String service, Release running) {
    if (running == null) {
      return "service " + service + " already has a running release; wait for it or abort it";
    }
    return "service "
        + service
        + " already has a running release: "
        + running.getId()
        + " ("
        + running.getVersion()
        + ", "
        + running.getStatus()
        + "); wait for it to finish or abort it";
  }

  public String service() {
    return service;
  }

  /** The release in the way, or null when it ended before it could be read. */
  public Release running() {
    return running;
  }

  /** Whether a failed insert broke the one-running-release rule (and nothing else). */
  static boolean isRunningConflict(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg
          && "23505".equals(pg.getSqlState())
          && ONE_RUNNING_INDEX.equals(pg.getConstraint())) {
        return true;
      }
      if (t instanceof ConstraintViolationException violation
          && ONE_RUNNING_INDEX.equals(violation.getConstraintName())) {
        return true;
      }
    }
    return false;
  }
}
