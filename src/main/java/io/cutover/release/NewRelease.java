package io.cutover.release;

import java.util.List;
import java.util.Objects;

/**
 * What a deploy asks for. Start with {@link #of} and add the optional parts: {@code
 * NewRelease.of("web", "v2", "canary", ReleaseTrigger.API).withPrevious(41).withConfig(json)}.
 *
 * @param previousReleaseId the release live when this one was asked for, or null
 * @param config the service config JSON this release runs with, kept for a rollback; or null
 * @param targets {@code host:port} instances for the static driver, or null
 * @param reason why it was started, for a person (e.g. "rollback to release 40"); or null
 */
public record NewRelease(
    String service,
    String version,
    String strategy,
    ReleaseTrigger trigger,
    Long previousReleaseId,
    String config,
    List<String> targets,
    String reason) {

  public NewRelease {
    requireText(service, "service");
    requireText(version, "version");
    requireText(strategy, "strategy");
    Objects.requireNonNull(trigger, "trigger");
    targets = targets == null ? null : List.copyOf(targets);
  }

  public static NewRelease of(
      String service, String version, String strategy, ReleaseTrigger trigger) {
    return new NewRelease(service, version, strategy, trigger, null, null, null, null);
  }

  public NewRelease withPrevious(Long releaseId) {
    return new NewRelease(service, version, strategy, trigger, releaseId, config, targets, reason);
  }

  public NewRelease withConfig(String configJson) {
    return new NewRelease(
        service, version, strategy, trigger, previousReleaseId, configJson, targets, reason);
  }

  public NewRelease withTargets(List<String> hostPorts) {
    return new NewRelease(
        service, version, strategy, trigger, previousReleaseId, config, hostPorts, reason);
  }

  public NewRelease withReason(String why) {
    return new NewRelease(
        service, version, strategy, trigger, previousReleaseId, config, targets, why);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a release needs a " + name);
    }
  }
}
