package io.cutover.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the application runs: answering at all is the proof. Nothing here depends on the
 * instances or the database, so a bad deploy never gets the gateway itself restarted.
 */
@Liveness
@ApplicationScoped
public class GatewayLiveness implements HealthCheck {
  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.up("gateway");
  }
}
