package io.cutover.release;

/** No release has this id (HTTP 404). */
public class ReleaseNotFoundException extends RuntimeException {
  private final long releaseId;

  public ReleaseNotFoundException(long releaseId) {
    super("release " + releaseId + " does not exist");
    this.releaseId = releaseId;
  }

  public long releaseId() {
    return releaseId;
  }
}
