package io.cutover.release;

import static io.cutover.release.ReleaseStatus.DEPLOYING;
import static io.cutover.release.ReleaseStatus.PENDING;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.UUID;

/** Shared test defaults: unique names so tests never see each other's rows, and a bounded wait. */
final class ReleaseFixtures {
  static final Duration WAIT = Duration.ofSeconds(20);

  private ReleaseFixtures() {}

  /** A service name no other test (or earlier run against the same database) has used. */
  static String uniqueService() {
    return "svc-" + UUID.randomUUID().toString().substring(0, 13);
  }

  static <T> T await(Uni<T> uni) {
    return uni.await().atMost(WAIT);
  }

  static Release create(ReleaseHistory history, String service, String version) {
    return await(history.create(NewRelease.of(service, version, "bluegreen", ReleaseTrigger.API)));
  }

  /** A release of {@code service} driven to {@code status} along an allowed path. */
  static Release release(
      ReleaseHistory history,
      String service,
      String version,
      String strategy,
      ReleaseStatus status) {
    Release release =
        await(history.create(NewRelease.of(service, version, strategy, ReleaseTrigger.CLI)));
    if (status == PENDING) {
      return release;
    }
    long id = release.getId();
    if (status != ReleaseStatus.ABORTED) {
      release = await(history.moveTo(id, DEPLOYING, null));
    }
    if (status == ReleaseStatus.SUPERSEDED) {
      release = await(history.moveTo(id, ReleaseStatus.LIVE, null));
    }
    return status == release.getStatus() ? release : await(history.moveTo(id, status, null));
  }
}
