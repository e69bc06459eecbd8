package io.cutover.release;

/**
 * Changes to one release, applied together in one transaction by {@link ReleaseHistory#update(long,
 * ReleaseChange)}. Null parts leave the release as it is: {@code
 * ReleaseChange.to(LIVE).because("all steps passed").traffic(1200, 3)}.
 *
 * @param status the status to move to (checked against {@link ReleaseStatus#canMoveTo}); or null
 * @param reason replaces the release's reason; or null
 * @param switchedNow true sets {@code switchedAt} to now, once
 * @param requests requests served during the deploy so far (a total, not an increment); or null
 * @param errors errors among them (a total); or null
 */
public record ReleaseChange(
    ReleaseStatus status, String reason, boolean switchedNow, Long requests, Long errors) {

  public static ReleaseChange to(ReleaseStatus status) {
    return new ReleaseChange(status, null, false, null, null);
  }

  /** No status move: only the parts added with the other methods. */
  public static ReleaseChange none() {
    return new ReleaseChange(null, null, false, null, null);
  }

  public ReleaseChange because(String why) {
    return new ReleaseChange(status, why, switchedNow, requests, errors);
  }

  /** The release now takes all the traffic (sets {@code switchedAt} if not yet set). */
  public ReleaseChange switched() {
    return new ReleaseChange(status, reason, true, requests, errors);
  }

  public ReleaseChange traffic(long requestTotal, long errorTotal) {
    return new ReleaseChange(status, reason, switchedNow, requestTotal, errorTotal);
  }
}
