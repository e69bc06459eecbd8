package io.cutover.proxy;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the traffic port is bound. */
@Readiness
@ApplicationScoped
public class ProxyReadiness implements HealthCheck {
  private final ProxyLifecycle proxy;

  ProxyReadiness(ProxyLifecycle proxy) {
    this.proxy = proxy;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("proxy")
        .status(proxy.listening())
        .withData("port", proxy.port())
        .build();
  }
}
