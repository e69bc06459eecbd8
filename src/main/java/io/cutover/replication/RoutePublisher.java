package io.cutover.replication;

import io.cutover.cluster.LocalMember;
import io.cutover.config.DriverType;
import io.cutover.service.LiveService;
import io.cutover.service.PoolsDecided;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Writes each change of pools a rollout of this gateway decides to {@code published_routes} and
 * NOTIFYs {@code cutover_routes} in the same statement. Off the rollout's path: a change is queued
 * and written after the one in flight (only the newest of a service is kept); a failed write (the
 * database down) is logged and retried until it succeeds, never failing or slowing the release.
 */
@ApplicationScoped
public class RoutePublisher {
  private static final Logger LOG = Logger.getLogger(RoutePublisher.class);
  private static final long RETRY_MS = 1000;

  static final String CHANNEL = "cutover_routes";

  // One statement, one transaction: the NOTIFY is delivered when the row is committed. Its
  // payload is the row itself (no read needed), or only service and revision when the row is over
  // NOTIFY's 8000 bytes; "at" is the database's clock then, in epoch microseconds.
  static final String UPSERT =
      "WITH up AS (INSERT INTO published_routes"
          + " (service, revision, member_id, pools, live_release_id, live_version)"
          + " VALUES ($1, nextval('published_routes_revision'), $2, $3::text::jsonb, $4, $5)"
          + " ON CONFLICT (service) DO UPDATE SET revision = EXCLUDED.revision,"
          + " member_id = EXCLUDED.member_id, pools = EXCLUDED.pools,"
          + " live_release_id = EXCLUDED.live_release_id,"
          + " live_version = EXCLUDED.live_version, published_at = now()"
          + " RETURNING *),"
          + " p AS (SELECT up.revision, json_build_object('service', up.service, 'revision',"
          + " up.revision, 'at', (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,"
          + " 'memberId', up.member_id, 'pools', up.pools, 'liveReleaseId', up.live_release_id,"
          + " 'liveVersion', up.live_version)::text AS whole FROM up),"
          + " n AS (SELECT pg_notify('"
          + CHANNEL
          + "', CASE WHEN octet_length(whole) < 7900 THEN whole ELSE json_build_object("
          + "'service', $1::text, 'revision', revision)::text END) FROM p)"
          + " SELECT revision FROM p, n";

  private final Pool pool;
  private final Vertx vertx;
  private final LocalMember self;
  private final RouteApplier applier;
  private final Map<String, Change> pending = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private volatile boolean failing;

  RoutePublisher(Pool pool, Vertx vertx, LocalMember self, RouteApplier applier) {
    this.pool = pool;
    this.vertx = vertx;
    this.self = self;
    this.applier = applier;
  }

  /** What is written for one change: the pools as JSON and the release live on this member. */
  private record Change(String pools, Long liveReleaseId, String liveVersion) {}

  void decided(@Observes PoolsDecided event) {
    LiveService live = event.service();
    if (live.config().driver().type() == DriverType.PROCESS) {
      return; // its instances listen on this gateway's loopback: nobody else can reach them
    }
    Change change =
        new Change(
            PublishedRoute.json(PublishedRoute.of(live.pools())),
            live.liveReleaseId(),
            live.liveVersion());
    synchronized (this) {
      pending.put(live.name(), change);
      if (!inFlight.add(live.name())) {
        return;
      }
    }
    next(live.name());
  }

  private void next(String service) {
    Change change;
    synchronized (this) {
      change = pending.remove(service);
      if (change == null) {
        inFlight.remove(service);
        return;
      }
    }
    pool.preparedQuery(UPSERT)
        .execute(
            Tuple.of(
                service, self.id(), change.pools(), change.liveReleaseId(), change.liveVersion()))
        .subscribe()
        .with(
            rows -> {
              failing = false;
              applier.published(service, rows.iterator().next().getLong(0));
              next(service);
            },
            failure -> {
              // Warned once per outage; then quietly, every second.
              LOG.logf(
                  failing ? Logger.Level.DEBUG : Logger.Level.WARN,
                  "route publication failed, retrying in %d ms service=%s reason=%s",
                  RETRY_MS,
                  service,
                  failure.getMessage());
              failing = true;
              synchronized (this) {
                pending.putIfAbsent(service, change);
              }
              vertx.setTimer(RETRY_MS, id -> next(service));
            });
  }
}
