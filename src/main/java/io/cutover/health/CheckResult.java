package io.cutover.health;

/**
 * The outcome of one health check, as a user reads it in a log line or a failed deploy: {@code GET
 * /health answered 500}, {@code connection refused by 127.0.0.1:9001}.
 */
public record CheckResult(boolean passed, String description) {

  /** What the last result reads before any check ran (e.g. during the grace period). */
  public static final CheckResult NONE = new CheckResult(false, "no check ran yet");

  public static CheckResult answered(String path, int status) {
    return new CheckResult(status >= 200 && status < 300, "GET " + path + " answered " + status);
  }

  public static CheckResult failed(String description) {
    return new CheckResult(false, description);
  }

  @Override
  public String toString() {
    return description;
  }
}
