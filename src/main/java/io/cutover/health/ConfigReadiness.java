package io.cutover.health;

import io.cutover.config.ServiceCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the service configs are loaded: before that the gateway knows no route. */
@Readiness
@ApplicationScoped
public class ConfigReadiness implements HealthCheck {
  private final ServiceCatalog catalog;

  ConfigReadiness(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public HealthCheckResponse call() {
    Optional<Instant> loadedAt = catalog.loadedAt();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("config").status(loadedAt.isPresent());
    return loadedAt
        .map(at -> response.withData("loadedAt", at.toString()).build())
        .orElseGet(() -> response.withData("config", "pending").build());
  }
}
