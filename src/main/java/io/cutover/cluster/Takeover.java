package io.cutover.cluster;

import io.cutover.release.Release;
import io.cutover.release.ReleaseChange;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Ends the releases of a member that is gone: its heartbeat older than the lease (killed), or its
 * row removed (stopped while the release ran). One conditional update hands the lease to exactly
 * one surviving member, which ends the release safely: the other members never left the live
 * version (each serves what it restored and what it deploys itself), so traffic stays there and the
 * release ends {@code rolled_back} ({@code failed} when it had not begun), with the takeover in its
 * history. Run by each member's heartbeat.
 */
@ApplicationScoped
class Takeover {
  private static final Logger LOG = Logger.getLogger(Takeover.class);

  private final Pool pool;
  private final LocalMember self;
  private final ReleaseHistory history;
  private final Duration lease;

  Takeover(Pool pool, LocalMember self, ReleaseHistory history, ClusterConfig config) {
    this.pool = pool;
    this.self = self;
    this.history = history;
    this.lease = config.lease();
  }

  private record Orphan(String service, long releaseId, String memberId) {}

  /** Takes over and ends every release whose member is gone. */
  Uni<Void> run() {
    return pool.preparedQuery(
            "SELECT l.service, l.release_id, l.member_id FROM service_leases l"
                + " LEFT JOIN cluster_members m ON m.id = l.member_id"
                + " AND m.heartbeat_at > now() - $2 * interval '1 millisecond'"
                + " WHERE l.member_id <> $1 AND (l.expires_at < now() OR m.id IS NULL)")
        .execute(Tuple.of(self.id(), lease.toMillis()))
        .map(
            rows -> {
              List<Orphan> orphans = new ArrayList<>();
              for (Row row : rows) {
                orphans.add(
                    new Orphan(
                        row.getString("service"),
                        row.getLong("release_id"),
                        row.getString("member_id")));
              }
              return orphans;
            })
        .onItem()
        .transformToMulti(orphans -> Multi.createFrom().iterable(orphans))
        .onItem()
        .transformToUniAndConcatenate(this::takeOver)
        .collect()
        .last()
        .replaceWithVoid();
  }

  private Uni<Void> takeOver(Orphan orphan) {
    return pool.preparedQuery(
            "UPDATE service_leases SET member_id = $1, acquired_at = now(),"
                + " expires_at = now() + $5 * interval '1 millisecond'"
                + " WHERE service = $2 AND release_id = $3 AND member_id = $4 RETURNING release_id")
        .execute(
            Tuple.of(
                self.id(),
                orphan.service(),
                orphan.releaseId(),
                orphan.memberId(),
                lease.toMillis()))
        .chain(
            rows ->
                rows.rowCount() == 1
                    ? end(orphan)
                    : Uni.createFrom().voidItem()); // another member took it first
  }

  private Uni<Void> end(Orphan orphan) {
    return history
        .find(orphan.releaseId())
        .chain(
            release ->
                release.getStatus().isRunning()
                    ? endRunning(release, orphan)
                    : Uni.createFrom().<Release>nullItem())
        // Ended: its end event gave the lease back (LeaseKeeper); an ended one's lease goes now.
        .chain(ended -> giveBack(orphan))
        .onFailure()
        .invoke(
            failure ->
                LOG.warnf(
                    "release not taken over release=%d service=%s reason=%s",
                    orphan.releaseId(), orphan.service(), failure.toString()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  private Uni<Release> endRunning(Release release, Orphan orphan) {
    boolean begun = release.getStatus() != ReleaseStatus.PENDING;
    ReleaseStatus end = begun ? ReleaseStatus.ROLLED_BACK : ReleaseStatus.FAILED;
    String reason =
        "gateway "
            + orphan.memberId()
            + " stopped while it ran this release (no heartbeat within "
            + lease.toSeconds()
            + "s); gateway "
            + self.id()
            + " took it over and ended it: traffic stays on the live version";
    LOG.warnf(
        "release taken over service=%s release=%d version=%s from=%s status=%s",
        orphan.service(), release.getId(), release.getVersion(), orphan.memberId(), end.value());
    return history.update(
        release.getId(),
        ReleaseChange.to(end).because(reason),
        Instant.now(),
        begun ? ReleaseEventType.RELEASE_ROLLED_BACK : ReleaseEventType.RELEASE_FAILED,
        reason,
        "{\"takenOverFrom\":\"" + orphan.memberId() + "\",\"takenOverBy\":\"" + self.id() + "\"}");
  }

  private Uni<Void> giveBack(Orphan orphan) {
    return pool.preparedQuery("DELETE FROM service_leases WHERE release_id = $1 AND member_id = $2")
        .execute(Tuple.of(orphan.releaseId(), self.id()))
        .replaceWithVoid();
  }
}
