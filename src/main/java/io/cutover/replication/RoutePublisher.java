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

  // One statement, one transaction: the NOTIFY is delivered when the row is committed.
  static final String UPSERT =
      "WITH up AS (INSERT INTO published_routes (service, revision, member_id, pools)"
          + " VALUES ($1, nextval('published_routes_revision'), $2, $3::text::jsonb)"
          + " ON CONFLICT (service) DO UPDATE SET revision = EXCLUDED.revision,"
          + " member_id = EXCLUDED.member_id, pools = EXCLUDED.pools, published_at = now()"
          + " RETURNING revision),"
          + " n AS (SELECT pg_notify('"
          + CHANNEL
          + "', $1::text || ':' || revision || ':'"
          + " || (extract(epoch FROM clock_timestamp()) * 1000000)::bigint) FROM up)"
          + " SELECT revision FROM up, n";

  private final Pool pool;
  private final Vertx vertx;
  private final LocalMember self;
  private final RouteApplier applier;
  private final Map<String, String> pending = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private volatile boolean failing;

  RoutePublisher(Pool pool, Vertx vertx, LocalMember self, RouteApplier applier) {
    this.pool = pool;
    this.vertx = vertx;
    this.self = self;
    this.applier = applier;
  }

  void decided(@Observes PoolsDecided event) {
    LiveService live = event.service();
    if (live.config().driver().type() == DriverType.PROCESS) {
      return; // its instances listen on this gateway's loopback: nobody else can reach them
    }
    String json = PublishedRoute.json(PublishedRoute.of(live.pools()));
    synchronized (this) {
      pending.put(live.name(), json);
      if (!inFlight.add(live.name())) {
        return;
      }
    }
    next(live.name());
  }

  private void next(String service) {
    String json;
    synchronized (this) {
      json = pending.remove(service);
      if (json == null) {
        inFlight.remove(service);
        return;
      }
    }
    pool.preparedQuery(UPSERT)
        .execute(Tuple.of(service, self.id(), json))
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
                pending.putIfAbsent(service, json);
              }
              vertx.setTimer(RETRY_MS, id -> next(service));
            });
  }
}
