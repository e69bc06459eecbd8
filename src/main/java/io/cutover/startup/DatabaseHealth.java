package io.cutover.startup;

import io.cutover.db.DatabaseUnavailableException;
import io.cutover.db.EmbeddedDatabase;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the release database in {@code /q/health} as data ({@code database: up|down}, {@code
 * migration: done|pending}, {@code routes: pending|last-known|restored|failed}) while the check
 * itself stays UP. A database outage stops deploys and history (the API answers 503) but not the
 * proxy, so it must not take the gateway out of a load balancer's rotation; that is why Quarkus'
 * own datasource check, which would report DOWN, is off. {@code routes: last-known} says the
 * gateway started while the database was down and serves what it last knew. It lives beside {@link
 * StartupRecovery}, whose progress it shows, so that db/ knows nothing of startup/.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements AsyncHealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Pool pool;
  private final StartupRecovery recovery;

  DatabaseHealth(Pool pool, StartupRecovery recovery) {
    this.pool = pool;
    this.recovery = recovery;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return pool.query("SELECT 1")
        .execute()
        .ifNoItem()
        .after(TIMEOUT)
        .failWith(() -> new IllegalStateException("no answer within " + TIMEOUT.toSeconds() + "s"))
        .map(rows -> base().withData("database", "up").build())
        .onFailure()
        .recoverWithItem(
            failure ->
                base()
                    .withData("database", "down")
                    .withData("error", new DatabaseUnavailableException(failure).getMessage())
                    .build());
  }

  private HealthCheckResponseBuilder base() {
    return HealthCheckResponse.named("database")
        .up()
        .withData("embedded", EmbeddedDatabase.runsInThisGateway())
        .withData("migration", recovery.migrated() ? "done" : "pending")
        .withData("routes", recovery.routes().label());
  }
}
