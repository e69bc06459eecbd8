package io.cutover.strategy;

import io.cutover.config.DeployConfig;
import io.cutover.config.DrainConfig;
import io.cutover.config.DriverConfig;
import io.cutover.config.DriverType;
import io.cutover.config.HealthConfig;
import io.cutover.config.LimitsConfig;
import io.cutover.config.RoutesConfig;
import io.cutover.config.ServiceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The strategy tests' one way to write a service config: service "web" on web.localhost, a static
 * driver, every key at its default but those a test names, e.g. {@code
 * ServiceConfigs.web(3).rolling(1, 0).bake(Duration.ofSeconds(30)).build()}.
 */
public final class ServiceConfigs {
  private final int instances;
  private Duration bake;
  private DeployConfig.Rolling rolling;
  private List<DeployConfig.CanaryStep> canarySteps;

  private ServiceConfigs(int instances) {
    DeployConfig defaults = DeployConfig.defaults();
    this.instances = instances;
    this.bake = defaults.bake();
    this.rolling = defaults.rolling();
    this.canarySteps = defaults.canary().steps();
  }

  /** Service "web" with {@code instances} instances per release. */
  public static ServiceConfigs web(int instances) {
    return new ServiceConfigs(instances);
  }

  public ServiceConfigs bake(Duration duration) {
    this.bake = duration;
    return this;
  }

  public ServiceConfigs rolling(int maxSurge, int maxUnavailable) {
    this.rolling = new DeployConfig.Rolling(maxSurge, maxUnavailable);
    return this;
  }

  public ServiceConfigs canary(List<DeployConfig.CanaryStep> steps) {
    this.canarySteps = steps;
    return this;
  }

  public ServiceConfig build() {
    DeployConfig d = DeployConfig.defaults();
    DeployConfig.Canary canary =
        new DeployConfig.Canary(canarySteps, d.canary().sticky(), d.canary().header());
    return new ServiceConfig(
        "web",
        new RoutesConfig(List.of("web.localhost"), "/"),
        instances,
        new DriverConfig(DriverType.STATIC, List.of(), ".", Map.of(), null),
        HealthConfig.defaults(),
        DrainConfig.defaults(),
        new DeployConfig(d.strategy(), bake, d.analysis(), rolling, canary, d.immediate()),
        LimitsConfig.GATEWAY_DEFAULTS,
        List.of());
  }
}
