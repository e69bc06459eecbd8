package io.cutover.deploy;

import io.cutover.config.ServiceConfig;
import io.cutover.release.ReleaseTrigger;
import java.util.List;

/**
 * A deploy as asked for through the API or the CLI.
 *
 * @param strategy a strategy name, or null for the service's {@code deploy.strategy}
 * @param targets static driver only: the "host:port" instances of the new version; else null
 * @param reason why, for a person (e.g. "rollback to release 40"); or null
 * @param config the config to run with instead of the service's current one (a rollback runs with
 *     the config its target ran with); or null
 */
public record DeployRequest(
    String service,
    String version,
    String strategy,
    List<String> targets,
    ReleaseTrigger trigger,
    String reason,
    ServiceConfig config) {

  public DeployRequest {
    targets = targets == null ? null : List.copyOf(targets);
  }

  public DeployRequest(
      String service,
      String version,
      String strategy,
      List<String> targets,
      ReleaseTrigger trigger,
      String reason) {
    this(service, version, strategy, targets, trigger, reason, null);
  }

  public static DeployRequest of(String service, String version, String strategy) {
    return new DeployRequest(service, version, strategy, null, ReleaseTrigger.API, null);
  }
}
