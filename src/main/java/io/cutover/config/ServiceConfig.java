package io.cutover.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One service as its {@code services/<name>.yaml} describes it, defaults filled in. Immutable: a
 * reload produces a new one.
 */
public record ServiceConfig(
    String name,
    RoutesConfig routes,
    int instances,
    DriverConfig driver,
    HealthConfig health,
    DrainConfig drain,
    DeployConfig deploy,
    LimitsConfig limits,
    // Spelt as in the file; notify() would clash with Object.notify.
    @JsonProperty("notify") List<NotifyTarget> webhooks) {

  public ServiceConfig {
    // Configs stored with releases before limits and notify existed read back without them.
    limits = limits == null ? LimitsConfig.GATEWAY_DEFAULTS : limits;
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }
}
