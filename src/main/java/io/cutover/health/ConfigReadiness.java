package io.cutover.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the service configs are loaded: before that the gateway knows no route. */
@Readiness
@ApplicationScoped
public class ConfigReadiness implements HealthCheck {
  private final GatewayReadiness gateway;

  ConfigReadiness(GatewayReadiness gateway) {
    this.gateway = gateway;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("config").status(gateway.isConfigLoaded());
    return gateway.isConfigLoaded()
        ? response.withData("loadedAt", gateway.configLoadedAt().toString()).build()
        : response.withData("config", "pending").build();
  }
}
