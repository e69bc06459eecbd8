package io.cutover.startup;

import io.cutover.db.DatabaseUnavailableException;
import io.cutover.deploy.ReleaseRestore;
import io.cutover.release.Release;
import io.cutover.routing.RoutesRestored;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the gateway up whether or not its database answers. With the database up: the schema
 * migration, then the restore of every live release (as before). With it down: the last-known
 * routes of the data directory are served at once, and migration and restore are tried again with
 * doubling waits until the database is back; the restore then keeps what already serves.
 */
@ApplicationScoped
public class StartupRecovery {
  private static final Logger LOG = Logger.getLogger(StartupRecovery.class);
  private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(10);

  /** What the proxy serves from, as {@code /q/health} shows it. */
  public enum Routes {
    /** Nothing restored yet. */
    PENDING,
    /** The last-known routes of the data directory: the database was down at start. */
    LAST_KNOWN,
    /** The live releases of the database. */
    RESTORED,
    /** The restore failed for another reason than an outage; see the log. */
    FAILED;

    public String label() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  private final Flyway flyway;
  private final ReleaseRestore restore;
  private final LastKnownRoutes lastKnown;
  private final RetryConfig retry;
  private final Event<RoutesRestored> routesRestored;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cutover-startup-recovery"));
  private volatile boolean migrated;
  private volatile Routes routes = Routes.PENDING;
  private volatile int attempts;
  private Duration wait;

  StartupRecovery(
      Flyway flyway,
      ReleaseRestore restore,
      LastKnownRoutesWriter writer,
      RetryConfig retry,
      Event<RoutesRestored> routesRestored) {
    this.routesRestored = routesRestored;
    this.flyway = flyway;
    this.restore = restore;
    this.lastKnown = writer.routes();
    this.retry = retry;
    this.wait = retry.min();
  }

  /** Whether the schema is migrated; until then the release history cannot be used. */
  public boolean migrated() {
    return migrated;
  }

  public Routes routes() {
    return routes;
  }

  /** Tries to migrate and restore so far, the first one included. */
  public int attempts() {
    return attempts;
  }

  // First of all, as quarkus.flyway.migrate-at-start did: nothing reads the history before it.
  void migrateAtStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent e) {
    migrated = migrate();
  }

  // After the service catalog (APPLICATION): the restore needs the services.
  void restoreAtStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent e) {
    // Not awaited: the proxy serves (503 for services not back yet) while instances start.
    worker.execute(
        () -> {
          if (migrated) {
            restoreFromDatabase();
          } else {
            serveLastKnown();
            schedule();
          }
        });
  }

  void onStop(@Observes ShutdownEvent e) {
    worker.shutdownNow();
  }

  private boolean migrate() {
    attempts++;
    try {
      flyway.migrate();
      LOG.infof("database schema migrated attempt=%d", attempts);
      return true;
    } catch (RuntimeException failure) {
      restore.waitForDatabase(new DatabaseUnavailableException(failure));
      if (attempts == 1) {
        LOG.warnf(
            "database unavailable at start; serving the last-known routes and trying again"
                + " reason=\"%s\"",
            new DatabaseUnavailableException(failure).getMessage());
      } else {
        LOG.debugf("database still unavailable attempt=%d reason=%s", attempts, failure);
      }
      return false;
    }
  }

  private void retry() {
    if (!migrated) {
      migrated = migrate();
      if (!migrated) {
        schedule();
        return;
      }
    }
    restoreFromDatabase();
  }

  private void schedule() {
    Duration next = wait;
    wait = wait.multipliedBy(2).compareTo(retry.max()) > 0 ? retry.max() : wait.multipliedBy(2);
    worker.schedule(this::retry, next.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void restoreFromDatabase() {
    try {
      List<Release> restored = restore.restoreAll().await().atMost(RESTORE_TIMEOUT);
      routes = Routes.RESTORED;
      restore.markSettled();
      routesRestored.fire(new RoutesRestored());
      LOG.infof("live releases restored count=%d attempt=%d", restored.size(), attempts);
    } catch (RuntimeException failure) {
      if (ApplicationLifecycleManager.isVmShuttingDown()) {
        // stopped during boot: the database pool closed under the restore, no error
        restore.markSettled();
        LOG.infof("live releases not restored reason=the gateway is stopping");
        return;
      }
      if (DatabaseUnavailableException.isOutage(failure)) {
        restore.waitForDatabase(new DatabaseUnavailableException(failure));
        LOG.infof("live releases not restored yet: database unavailable; trying again");
        if (routes == Routes.PENDING) {
          serveLastKnown();
        }
        schedule();
        return;
      }
      routes = Routes.FAILED;
      restore.markSettled();
      routesRestored.fire(new RoutesRestored());
      LOG.errorf("live releases not restored reason=%s", failure.getMessage());
    }
  }

  /** Starts each service's last-known live release; a service without its file is left out. */
  private void serveLastKnown() {
    List<LastKnownRoutes.Entry> entries;
    try {
      entries = lastKnown.read();
    } catch (IOException | RuntimeException e) {
      LOG.errorf("last-known routes unreadable file=%s reason=%s", lastKnown.file(), e.toString());
      routesRestored.fire(new RoutesRestored());
      return;
    }
    List<Uni<Boolean>> starts =
        entries.stream()
            .map(e -> restore.start(e.service(), e.releaseId(), e.version(), e.targets()))
            .toList();
    if (!starts.isEmpty()) {
      List<Boolean> started =
          Uni.join().all(starts).andCollectFailures().await().atMost(RESTORE_TIMEOUT);
      LOG.infof(
          "last-known routes served count=%d of=%d file=%s",
          started.stream().filter(Boolean::booleanValue).count(), entries.size(), lastKnown.file());
    }
    if (routes == Routes.PENDING) {
      routes = Routes.LAST_KNOWN;
    }
    routesRestored.fire(new RoutesRestored());
  }
}
