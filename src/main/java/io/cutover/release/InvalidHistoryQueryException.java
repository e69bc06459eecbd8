package io.cutover.release;

/** A history filter the user must change: a bad status, date, limit or cursor (HTTP 422). */
public class InvalidHistoryQueryException extends IllegalArgumentException {
  private final String parameter;

  public InvalidHistoryQueryException(String parameter, String problem) {
    super(parameter + ": " + problem);
    this.parameter = parameter;
  }

  /** The query parameter at fault: status, strategy, version, since, until, limit or cursor. */
  public String parameter() {
    return parameter;
  }
}
