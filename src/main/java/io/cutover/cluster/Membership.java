package io.cutover.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * This gateway's row in {@code cluster_members}: written at start, its heartbeat (and the leases it
 * holds) renewed three times per {@code cutover.cluster.lease}, removed on a graceful stop. A
 * heartbeat that fails (database down) is tried again at the next beat; the row is written again
 * then, so a member that was declared gone comes back.
 */
@ApplicationScoped
public class Membership {
  private static final Logger LOG = Logger.getLogger(Membership.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Pool pool;
  private final LocalMember self;
  private final ServiceLeases leases;
  private final Takeover takeover;
  private final Duration lease;
  private final ScheduledExecutorService beat =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "cutover-cluster-heartbeat");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean joined;

  Membership(
      Pool pool, LocalMember self, ServiceLeases leases, Takeover takeover, ClusterConfig config) {
    this.takeover = takeover;
    this.pool = pool;
    this.self = self;
    this.leases = leases;
    this.lease = config.lease();
  }

  // After the migration (PLATFORM_BEFORE) and the proxy's bind: the row names its traffic port.
  void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
    long every = Math.max(100, lease.toMillis() / 3);
    beat.scheduleWithFixedDelay(this::heartbeat, 0, every, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    beat.shutdownNow();
    if (!joined) {
      return;
    }
    try {
      pool.preparedQuery("DELETE FROM cluster_members WHERE id = $1")
          .execute(Tuple.of(self.id()))
          .await()
          .atMost(TIMEOUT);
      LOG.infof("cluster member left id=%s", self.id());
    } catch (RuntimeException e) {
      LOG.debugf("cluster member row not removed id=%s reason=%s", self.id(), e.toString());
    }
  }

  /** The members alive now (a heartbeat within the lease), this one included, oldest first. */
  public Uni<List<Member>> alive() {
    return pool.preparedQuery(
            "SELECT id, admin_url, traffic_port, pid, started_at, heartbeat_at FROM cluster_members"
                + " WHERE heartbeat_at > now() - $1 * interval '1 millisecond' ORDER BY started_at")
        .execute(Tuple.of(lease.toMillis()))
        .map(
            rows -> {
              List<Member> members = new ArrayList<>();
              for (Row row : rows) {
                members.add(member(row));
              }
              return members;
            });
  }

  public String selfId() {
    return self.id();
  }

  private static Member member(Row row) {
    return new Member(
        row.getString("id"),
        row.getString("admin_url"),
        row.getInteger("traffic_port"),
        row.getLong("pid"),
        row.getOffsetDateTime("started_at").toInstant(),
        row.getOffsetDateTime("heartbeat_at").toInstant());
  }

  private void heartbeat() {
    try {
      pool.preparedQuery(
              "INSERT INTO cluster_members (id, admin_url, traffic_port, pid) VALUES ($1, $2, $3,"
                  + " $4) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), traffic_port ="
                  + " EXCLUDED.traffic_port")
          .execute(
              Tuple.of(
                  self.id(), self.adminUrl(), self.trafficPort(), ProcessHandle.current().pid()))
          .chain(() -> leases.renew())
          .chain(() -> takeover.run())
          .await()
          .atMost(TIMEOUT);
      if (!joined) {
        joined = true;
        LOG.infof(
            "cluster member joined id=%s adminUrl=%s lease=%s", self.id(), self.adminUrl(), lease);
      }
    } catch (RuntimeException e) {
      // The schema may not be migrated yet, or the database is down: the next beat tries again.
      LOG.debugf("cluster heartbeat failed id=%s reason=%s", self.id(), e.toString());
    }
  }
}
