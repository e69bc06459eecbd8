package io.cutover.deploy;

import io.cutover.config.DriverType;
import io.cutover.config.ServiceConfig;
import io.cutover.release.ReleaseTrigger;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A deploy as asked for through the API or the CLI, and the checks of what it asks for: a refused
 * request never records a release.
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
  static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

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

  /** The config the release runs with: the one asked for (a rollback's), else the service's. */
  ServiceConfig configOr(ServiceConfig current) {
    return config != null ? config : current;
  }

  /** The strategy asked for, else the service's {@code deploy.strategy}. */
  String strategyOr(ServiceConfig effective) {
    return strategy != null ? strategy : effective.deploy().strategy();
  }

  /** Refuses a version that could not name an instance, a log file or a command argument. */
  void checkVersion() {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw DeployRefusedException.invalid(
          "version \""
              + version
              + "\" is not valid: use 1 to 128 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
    }
  }

  /**
   * The config with this request's targets: a static release has exactly the instances it names;
   * other drivers take no targets.
   */
  ServiceConfig withTargets(ServiceConfig config) {
    if (config.driver().type() != DriverType.STATIC) {
      if (targets != null && !targets.isEmpty()) {
        throw DeployRefusedException.invalid(
            "targets are only for the static driver; service "
                + config.name()
                + " uses "
                + config.driver().type().key());
      }
      return config;
    }
    if (targets == null || targets.isEmpty()) {
      throw DeployRefusedException.invalid(
          "service "
              + config.name()
              + " uses the static driver: name the instances in \"targets\", e.g. [\"127.0.0.1:9002\"]");
    }
    for (String target : targets) {
      if (target == null || !TARGET.matcher(target).matches()) {
        throw DeployRefusedException.invalid(
            "target \"" + target + "\" is not host:port, e.g. \"127.0.0.1:9002\"");
      }
    }
    return new ServiceConfig(
        config.name(),
        config.routes(),
        targets.size(),
        config.driver(),
        config.health(),
        config.drain(),
        config.deploy(),
        config.limits(),
        config.webhooks());
  }
}
