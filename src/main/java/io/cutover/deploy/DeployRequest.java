package io.cutover.deploy;

import io.cutover.release.ReleaseTrigger;
import java.util.List;

/**
 * A deploy as asked for through the API or the CLI.
 *
 * @param strategy a strategy name, or null for the service's {@code deploy.strategy}
 * @param targets static driver only: the "host:port" instances of the new version; else null
 * @param reason why, for a person (e.g. "rollback to release 40"); or null
 */
public record DeployRequest(
    String service,
    String version,
    String strategy,
    List<String> targets,
    ReleaseTrigger trigger,
    String reason) {

  public DeployRequest {
    targets = targets == null ? null : List.copyOf(targets);
  }

  public static DeployRequest of(String service, String version, String strategy) {
    return new DeployRequest(service, version, strategy, null, ReleaseTrigger.API, null);
  }
}
