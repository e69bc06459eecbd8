package io.cutover.service;

import io.cutover.config.ParseResult;
import io.cutover.config.ServiceConfig;
import io.cutover.config.ServiceConfigParser;
import io.cutover.health.HealthChecker;
import io.cutover.instance.Instance;
import io.cutover.routing.Pool;
import io.cutover.support.FastHealth;
import java.util.List;

/** A service served by one stable pool, health-watched, the way a release leaves it live. */
final class StablePool {
  private StablePool() {}

  static void serve(
      LiveServices services, HealthChecker health, String service, List<Instance> instances) {
    for (Instance instance : instances) {
      health.watch(instance, FastHealth.config().build(), services);
    }
    services
        .service(service)
        .orElseThrow()
        .pools(List.of(new InstancePool("v1", 100, Pool.Role.STABLE, instances)));
  }

  /** A static-driver service answering on {@code hosts}, given as the inside of a YAML list. */
  static ServiceConfig config(String name, String hosts) {
    String yaml = "routes:\n  hosts: [\"" + hosts + "\"]\ndriver:\n  type: static\n";
    ParseResult result = new ServiceConfigParser().parse("services/" + name + ".yaml", yaml);
    if (result instanceof ParseResult.Accepted parsed) {
      return parsed.config();
    }
    throw new AssertionError(result);
  }
}
