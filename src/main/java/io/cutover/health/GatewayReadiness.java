package io.cutover.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * What the gateway needs before it is ready besides a listening proxy: the service configs loaded.
 * The ServiceCatalog calls {@link #configLoaded()} once it has read {@code services/}.
 */
@ApplicationScoped
public class GatewayReadiness {
  private volatile Instant configLoadedAt;

  public void configLoaded() {
    if (configLoadedAt == null) {
      configLoadedAt = Instant.now();
    }
  }

  public boolean isConfigLoaded() {
    return configLoadedAt != null;
  }

  /** When the config was first loaded, or null while pending. */
  public Instant configLoadedAt() {
    return configLoadedAt;
  }
}
