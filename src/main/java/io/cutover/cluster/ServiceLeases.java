package io.cutover.cluster;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-service lease of the member running the service's release: a row in {@code
 * service_leases} with an expiry, renewed by the holder's heartbeat ({@link Membership}).
 *
 * <p>A lease row rather than a PostgreSQL advisory lock: a session advisory lock belongs to one
 * connection, and the reactive pool pins none to a caller (a later query runs on another
 * connection, and a connection the pool drops or recycles frees the lock while its holder carries
 * on, unaware); a transaction-scoped lock would end with each statement. A row with an expiry
 * survives a dropped connection, says who holds it and since when for every member, and is what a
 * takeover needs: a member whose heartbeat stopped loses its leases after {@code
 * cutover.cluster.lease}, and one conditional upsert lets exactly one other member take each.
 */
@ApplicationScoped
public class ServiceLeases {
  private final Pool pool;
  private final LocalMember self;
  private final Duration lease;

  ServiceLeases(Pool pool, LocalMember self, ClusterConfig config) {
    this.pool = pool;
    this.self = self;
    this.lease = config.lease();
  }

  /** Who holds a service's lease, for which release. */
  public record Holder(String service, long releaseId, String memberId, String adminUrl) {}

  /**
   * Takes the service's lease for this release: true when this member holds it now (it was free,
   * expired, or already this member's); false while another member's lease runs.
   */
  public Uni<Boolean> acquire(String service, long releaseId) {
    return pool.preparedQuery(
            "INSERT INTO service_leases (service, member_id, release_id, expires_at)"
                + " VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')"
                + " ON CONFLICT (service) DO UPDATE SET member_id = EXCLUDED.member_id,"
                + " release_id = EXCLUDED.release_id, acquired_at = now(),"
                + " expires_at = EXCLUDED.expires_at"
                + " WHERE service_leases.expires_at < now()"
                + " OR service_leases.member_id = EXCLUDED.member_id"
                + " RETURNING member_id")
        .execute(Tuple.of(service, self.id(), releaseId, lease.toMillis()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Gives the lease back once the release ended (only this member's, only for that release). */
  public Uni<Void> release(long releaseId) {
    return pool.preparedQuery("DELETE FROM service_leases WHERE member_id = $1 AND release_id = $2")
        .execute(Tuple.of(self.id(), releaseId))
        .replaceWithVoid();
  }

  /** Pushes the expiry of every lease this member holds one lease further: the heartbeat. */
  Uni<Void> renew() {
    return pool.preparedQuery(
            "UPDATE service_leases SET expires_at = now() + $2 * interval '1 millisecond'"
                + " WHERE member_id = $1")
        .execute(Tuple.of(self.id(), lease.toMillis()))
        .replaceWithVoid();
  }

  /** The releases other members run now (their leases unexpired), by release id. */
  public Uni<Map<Long, Holder>> heldElsewhere() {
    return pool.preparedQuery(
            "SELECT l.service, l.release_id, l.member_id, m.admin_url FROM service_leases l"
                + " JOIN cluster_members m ON m.id = l.member_id"
                + " WHERE l.expires_at > now() AND l.member_id <> $1")
        .execute(Tuple.of(self.id()))
        .map(
            rows -> {
              Map<Long, Holder> held = new HashMap<>();
              for (Row row : rows) {
                Holder holder =
                    new Holder(
                        row.getString("service"),
                        row.getLong("release_id"),
                        row.getString("member_id"),
                        row.getString("admin_url"));
                held.put(holder.releaseId(), holder);
              }
              return held;
            });
  }

  /** The other member running this release, if one does. */
  public Uni<Optional<Holder>> runElsewhere(long releaseId) {
    return heldElsewhere().map(held -> Optional.ofNullable(held.get(releaseId)));
  }
}
