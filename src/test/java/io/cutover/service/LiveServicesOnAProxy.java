package io.cutover.service;

import io.cutover.health.HealthChecker;
import io.cutover.support.ProxyHarness;
import org.junit.jupiter.api.AfterEach;

/**
 * A test's live services routed by a real proxy, with real health checks, closed after each test.
 */
abstract class LiveServicesOnAProxy {
  final ProxyHarness harness = new ProxyHarness();
  final LiveServices services = new LiveServices(harness.routes);
  final HealthChecker health = new HealthChecker(new io.vertx.mutiny.core.Vertx(harness.vertx));

  @AfterEach
  void closeProxyAndHealthChecks() throws Exception {
    health.close();
    harness.close();
  }
}
