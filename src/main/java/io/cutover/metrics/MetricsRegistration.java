package io.cutover.metrics;

import io.cutover.release.ReleaseBoard;
import io.cutover.service.LiveServices;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Puts the {@code cutover_*} series on {@code /q/metrics}: one collector on the Prometheus
 * registry, which reads the counters on each scrape (Micrometer meters could not drop a retired
 * version's series nor carry the proxy's own latency buckets).
 */
@ApplicationScoped
class MetricsRegistration {
  private final PrometheusMeterRegistry registry;
  private final GatewayCollector collector;

  MetricsRegistration(
      PrometheusMeterRegistry registry, LiveServices services, ReleaseBoard releases) {
    this.registry = registry;
    this.collector = new GatewayCollector(services, releases);
  }

  void register(@Observes StartupEvent event) {
    registry.getPrometheusRegistry().register(collector);
  }

  void unregister(@Observes ShutdownEvent event) {
    registry.getPrometheusRegistry().unregister(collector);
  }
}
