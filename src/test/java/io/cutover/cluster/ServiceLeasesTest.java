package io.cutover.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseTrigger;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
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

  private final String other = "other-" + UUID.randomUUID();

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
