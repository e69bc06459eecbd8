package io.cutover.db;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the release database in {@code /q/health} as data ({@code database: up|down}) while the
 * check itself stays UP. A database outage stops deploys and history (the API answers 503) but not
 * the proxy, so it must not take the gateway out of a load balancer's rotation; that is why
 * Quarkus' own datasource check, which would report DOWN, is off.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements AsyncHealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Pool pool;

  DatabaseHealth(Pool pool) {
    this.pool = pool;
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

  private static HealthCheckResponseBuilder base() {
    return HealthCheckResponse.named("database")
        .up()
        .withData("embedded", EmbeddedDatabaseConfigSource.running().isPresent());
  }
}
