package io.cutover.replication;

import io.cutover.cluster.ClusterConfig;
import io.cutover.cluster.LocalMember;
import io.cutover.routing.RoutesRestored;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * LISTENs on {@code cutover_routes} from the moment this gateway's own routes are restored. Each
 * notification names a service and a revision; a newer one than applied is read and applied. On
 * every (re)connect every row is read back, so notifications missed while disconnected (the
 * database restarted, the connection dropped) are caught up. Reconnects retry forever.
 */
@ApplicationScoped
public class RouteSubscriber {
  private static final Logger LOG = Logger.getLogger(RouteSubscriber.class);
  private static final long RETRY_MS = 1000;
  private static final String SELECT =
      "SELECT service, revision, member_id, pools::text, live_release_id, live_version"
          + " FROM published_routes";
  // Read back: only what members alive published. A gone member's last row may be a release it
  // never finished (the start-up restore or a takeover decided what serves instead), and a
  // restarted gateway is a new member, whose own earlier rows must not come back to it (nor those
  // of its killed previous run at the same admin URL, whose row is not stale yet).
  private static final String SELECT_LIVE =
      "SELECT r.service, r.revision, r.member_id, r.pools::text, r.live_release_id,"
          + " r.live_version FROM published_routes r"
          + " JOIN cluster_members m ON m.id = r.member_id"
          + " WHERE m.heartbeat_at > now() - $1 * interval '1 millisecond' AND m.admin_url <> $2";

  private final Vertx vertx;
  private final Pool pool;
  private final RouteApplier applier;
  private final Duration lease;
  private final String adminUrl;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile PgSubscriber subscriber;
  private volatile boolean closed;

  RouteSubscriber(
      Vertx vertx, Pool pool, RouteApplier applier, ClusterConfig cluster, LocalMember self) {
    this.lease = cluster.lease();
    this.adminUrl = self.adminUrl();
    this.vertx = vertx;
    this.pool = pool;
    this.applier = applier;
  }

  void routesRestored(@Observes RoutesRestored event) {
    if (started.compareAndSet(false, true)) {
      connect();
    }
  }

  private void connect() {
    if (closed) {
      return;
    }
    PgConnectOptions options;
    try {
      options = connectOptions();
    } catch (RuntimeException e) {
      LOG.errorf(
          "route notifications off: the datasource's reactive URL is unusable (%s); set"
              + " quarkus.datasource.reactive.url",
          e.getMessage());
      return;
    }
    PgSubscriber next = PgSubscriber.subscriber(vertx, options);
    // After a lost connection: reconnect every second, forever.
    next.reconnectPolicy(attempts -> closed ? -1L : RETRY_MS);
    next.channel(RoutePublisher.CHANNEL).subscribeHandler(v -> readAll()).handler(this::notified);
    next.closeHandler(
        v -> {
          if (!closed) {
            LOG.warn("route notifications lost, reconnecting");
          }
        });
    subscriber = next;
    next.connect(
        done -> {
          if (done.failed()) {
            // Warned once per outage; then quietly, every second.
            LOG.logf(
                warned.getAndSet(true) ? Logger.Level.DEBUG : Logger.Level.WARN,
                "route notifications unavailable, retrying in %d ms reason=%s",
                RETRY_MS,
                done.cause().getMessage());
            next.close();
            vertx.setTimer(RETRY_MS, id -> connect());
          } else {
            warned.set(false);
          }
        });
  }

  private void readAll() {
    pool.preparedQuery(SELECT_LIVE)
        .execute(Tuple.of(lease.toMillis(), adminUrl))
        .subscribe()
        .with(this::applyAll, e -> LOG.warnf("routes read back failed reason=%s", e.getMessage()));
  }

  private void applyAll(RowSet<Row> rows) {
    int applied = 0;
    for (Row row : rows) {
      applied += applier.apply(route(row)) ? 1 : 0;
    }
    LOG.infof("routes read back rows=%d applied=%d", rows.rowCount(), applied);
  }

  private void notified(String payload) {
    PublishedRoute.Announcement announced;
    try {
      announced = PublishedRoute.Announcement.parse(payload);
    } catch (RuntimeException e) {
      LOG.warnf("route notification ignored payload=%s reason=%s", payload, e.getMessage());
      return;
    }
    if (announced.revision() <= applier.revision(announced.service())) {
      return;
    }
    PublishedRoute whole = announced.route();
    if (whole != null) {
      applied(whole, announced.at());
      return;
    }
    pool.preparedQuery(SELECT + " WHERE service = $1")
        .execute(Tuple.of(announced.service()))
        .subscribe()
        .with(
            rows -> rows.forEach(row -> applied(route(row), announced.at())),
            e ->
                LOG.warnf(
                    "route read failed service=%s reason=%s", announced.service(), e.getMessage()));
  }

  /** Applies a row and logs how long it took from its publication (the database's clock). */
  private void applied(PublishedRoute route, long publishedMicros) {
    if (applier.apply(route)) {
      long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      LOG.infof(
          "routes applied service=%s revision=%d from=%s latency_us=%d",
          route.service(), route.revision(), route.memberId(), micros - publishedMicros);
    }
  }

  private static PublishedRoute route(Row row) {
    return new PublishedRoute(
        row.getString(0), row.getLong(1), row.getString(2), PublishedRoute.parse(row.getString(3)));
  }

  private static PgConnectOptions connectOptions() {
    var config = ConfigProvider.getConfig();
    PgConnectOptions options =
        PgConnectOptions.fromUri(
            config
                .getValue("quarkus.datasource.reactive.url", String.class)
                .replaceFirst("^vertx-reactive:", ""));
    config
        .getOptionalValue("quarkus.datasource.username", String.class)
        .ifPresent(options::setUser);
    config
        .getOptionalValue("quarkus.datasource.password", String.class)
        .ifPresent(options::setPassword);
    return options;
  }

  @PreDestroy
  void close() {
    closed = true;
    PgSubscriber current = subscriber;
    if (current != null) {
      current.close();
    }
  }
}
