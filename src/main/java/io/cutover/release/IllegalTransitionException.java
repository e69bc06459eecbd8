package io.cutover.release;

import java.util.stream.Collectors;

/** A status move the state machine forbids, e.g. resuming a failed release (HTTP 409). */
public class IllegalTransitionException extends RuntimeException {
  private final long releaseId;
  private final ReleaseStatus from;
  private final ReleaseStatus to;

  public IllegalTransitionException(long releaseId, ReleaseStatus from, ReleaseStatus to) {
    super(
        "release "
            + releaseId
            + " is "
            + from
            + " and cannot become "
            + to
            + (from.isFinal()
                ? " (it has ended)"
                : " (from " + from + " it can become " + allowed(from) + ")"));
    this.releaseId = releaseId;
    this.from = from;
    this.to = to;
  }

  private static String allowed(ReleaseStatus from) {
    return from.next().stream().map(ReleaseStatus::value).collect(Collectors.joining(", "));
  }

  public long releaseId() {
    return releaseId;
  }

  public ReleaseStatus from() {
    return from;
  }

  public ReleaseStatus to() {
    return to;
  }
}
