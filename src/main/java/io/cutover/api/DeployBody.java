package io.cutover.api;

import io.cutover.deploy.DeployRequest;
import io.cutover.release.ReleaseTrigger;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/services/{service}/deploys}.
 *
 * @param trigger {@code api} (the default) or {@code cli}; the other triggers are the gateway's
 */
@Schema(description = "A deploy: the version, and optionally the strategy and static targets")
public record DeployBody(
    @Schema(required = true, examples = "v2") String version,
    @Schema(description = "a strategy name; default: the service's deploy.strategy")
        String strategy,
    @Schema(description = "static driver only: host:port of each new instance")
        List<String> targets,
    @Schema(enumeration = {"api", "cli"}) String trigger,
    @Schema(description = "why, for a person") String reason) {

  /** The executor's request; the values themselves are checked by the executor. */
  DeployRequest toRequest(String service) {
    if (version == null || version.isBlank()) {
      throw new ProblemException(
          422, "version is missing: name the version to deploy, e.g. {\"version\": \"v2\"}");
    }
    return new DeployRequest(service, version, strategy, targets, releaseTrigger(), reason);
  }

  private ReleaseTrigger releaseTrigger() {
    if (trigger == null || trigger.equals(ReleaseTrigger.API.value())) {
      return ReleaseTrigger.API;
    }
    if (trigger.equals(ReleaseTrigger.CLI.value())) {
      return ReleaseTrigger.CLI;
    }
    throw new ProblemException(
        422, "trigger \"" + trigger + "\" cannot start a deploy: use \"api\" or \"cli\"");
  }
}
