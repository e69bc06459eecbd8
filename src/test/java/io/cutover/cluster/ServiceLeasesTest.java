package io.cutover.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.release.ReleaseTrigger;
import io.cutover.startup.StartupRecovery;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-service lease and the member rows, in the real database; another gateway is its rows (a
 * member id that is not this one's), as it would write them.
 */
@QuarkusTest
class ServiceLeasesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Inject ServiceLeases leases;
  @Inject Membership membership;
  @Inject ReleaseHistory history;
  @Inject Pool pool;

  @Inject StartupRecovery recovery;

  private final String other = "other-" + UUID.randomUUID();

  // The start-up restore fails the running releases nobody runs: ours must be made after it.
  @BeforeEach
  void restoreRan() {
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> recovery.routes() != StartupRecovery.Routes.PENDING);
  }

  @AfterEach
  void forgetTheOtherMember() {
    await(
        pool.preparedQuery("DELETE FROM service_leases WHERE member_id = $1")
            .execute(Tuple.of(other)));
    await(pool.preparedQuery("DELETE FROM cluster_members WHERE id = $1").execute(Tuple.of(other)));
  }

  @Test
  void aFreeLeaseIsTakenAndGivenBackAndTakenAgain() {
    Release release = release();

    assertTrue(await(leases.acquire(release.getService(), release.getId())));
    assertTrue(await(leases.acquire(release.getService(), release.getId())), "ours already");
    await(leases.release(release.getId()));

    assertTrue(await(leases.acquire(release.getService(), release.getId())));
    await(leases.release(release.getId()));
  }

  @Test
  void aLeaseAnotherLiveMemberHoldsIsNotTakenAndItsReleaseIsRunElsewhere() {
    Release release = release();
    otherMemberHolds(release, "now() + interval '10 seconds'");

    assertFalse(await(leases.acquire(release.getService(), release.getId())));
    ServiceLeases.Holder holder = await(leases.runElsewhere(release.getId())).orElseThrow();
    assertEquals(other, holder.memberId());
    assertEquals("http://127.0.0.1:1", holder.adminUrl());
  }

  @Test
  void anExpiredLeaseIsTakenOverAndNoLongerCountsAsRunElsewhere() {
    Release release = release();
    otherMemberHolds(release, "now() - interval '1 second'");

    assertTrue(await(leases.runElsewhere(release.getId())).isEmpty());
    assertTrue(await(leases.acquire(release.getService(), release.getId())));
    await(leases.release(release.getId()));
  }

  @Test
  void thisGatewayIsAMemberAndAMemberThatStoppedHeartbeatingIsGone() {
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                await(membership.alive()).stream()
                    .anyMatch(m -> m.id().equals(membership.selfId())));
    await(
        pool.preparedQuery(
                "INSERT INTO cluster_members (id, admin_url, traffic_port, pid, heartbeat_at)"
                    + " VALUES ($1, 'http://127.0.0.1:1', 1, 1, now() - interval '11 seconds')")
            .execute(Tuple.of(other)));

    List<Member> alive = await(membership.alive());

    assertTrue(alive.stream().noneMatch(m -> m.id().equals(other)), alive::toString);
  }

  @Test
  void aReleaseWhoseMemberStoppedHeartbeatingIsTakenOverAndRolledBackWithTheTakeoverInItsHistory() {
    Release release = release();
    await(history.moveTo(release.getId(), ReleaseStatus.DEPLOYING, null));
    otherMemberHolds(release, "now() - interval '1 second'");
    await(
        pool.preparedQuery(
                "UPDATE cluster_members SET heartbeat_at = now() - interval '11 seconds'"
                    + " WHERE id = $1")
            .execute(Tuple.of(other)));

    Awaitility.await("taken over by this gateway's heartbeat")
        .atMost(WAIT)
        .until(() -> await(history.find(release.getId())).getStatus() == ReleaseStatus.ROLLED_BACK);

    Release ended = await(history.find(release.getId()));
    assertTrue(ended.getReason().contains("gateway " + other + " stopped"), ended::getReason);
    assertTrue(ended.getReason().contains("took it over"), ended::getReason);
    List<ReleaseEvent> events = await(history.events(release.getId()));
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.getType().equals("release.rolled_back")
                        && e.getData().contains("\"takenOverFrom\":\"" + other)),
        events::toString);
    Awaitility.await("the lease given back")
        .atMost(WAIT)
        .until(() -> await(leases.runElsewhere(release.getId())).isEmpty() && noLease(release));
  }

  @Test
  void aReleaseOfAMemberThatStillHeartbeatsIsLeftRunning() {
    Release release = release();
    await(history.moveTo(release.getId(), ReleaseStatus.DEPLOYING, null));
    otherMemberHolds(release, "now() + interval '30 seconds'");
    // A beat written after the lease renews and then runs the takeover: two make sure one ran.
    Instant first = ownHeartbeat();
    Awaitility.await("a heartbeat of this gateway")
        .atMost(WAIT)
        .until(() -> ownHeartbeat().isAfter(first));
    Instant second = ownHeartbeat();
    Awaitility.await("another one").atMost(WAIT).until(() -> ownHeartbeat().isAfter(second));

    assertEquals(ReleaseStatus.DEPLOYING, await(history.find(release.getId())).getStatus());
  }

  private Instant ownHeartbeat() {
    return await(
            pool.preparedQuery("SELECT heartbeat_at FROM cluster_members WHERE id = $1")
                .execute(Tuple.of(membership.selfId())))
        .iterator()
        .next()
        .getOffsetDateTime("heartbeat_at")
        .toInstant();
  }

  private boolean noLease(Release release) {
    return await(
                pool.preparedQuery("SELECT 1 FROM service_leases WHERE release_id = $1")
                    .execute(Tuple.of(release.getId())))
            .rowCount()
        == 0;
  }

  private void otherMemberHolds(Release release, String expiresAt) {
    await(
        pool.preparedQuery(
                "INSERT INTO cluster_members (id, admin_url, traffic_port, pid) VALUES ($1,"
                    + " 'http://127.0.0.1:1', 1, 1)")
            .execute(Tuple.of(other)));
    await(
        pool.preparedQuery(
                "INSERT INTO service_leases (service, member_id, release_id, expires_at)"
                    + " VALUES ($1, $2, $3, "
                    + expiresAt
                    + ")")
            .execute(Tuple.of(release.getService(), other, release.getId())));
  }

  private Release release() {
    String service = "lease-" + UUID.randomUUID().toString().substring(0, 8);
    return await(history.create(NewRelease.of(service, "v1", "bluegreen", ReleaseTrigger.API)));
  }

  private static <T> T await(Uni<T> uni) {
    return uni.await().atMost(WAIT);
  }
}
