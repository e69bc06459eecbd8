package io.cutover.config;

import io.cutover.routing.Stickiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code deploy:}: the default strategy and the settings of each strategy. */
final class DeploySection {
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final String STEP_EXAMPLE = "{weight: 10, pause: 30s}";

  private DeploySection() {}

  static DeployConfig read(YamlSection deploy, Set<String> strategies) {
    deploy.allowOnly(
        "strategy",
        "bake",
        "analysis",
        "rolling",
        "canary",
        "immediate",
        "release-command",
        "release-command-timeout");
    DeployConfig d = DeployConfig.defaults();
    return new DeployConfig(
        deploy.oneOf("strategy", d.strategy(), strategies, "strategy"),
        deploy.duration("bake", d.bake(), false),
        analysis(deploy.section("analysis"), d.analysis()),
        rolling(deploy.section("rolling"), d.rolling()),
        canary(deploy.section("canary"), d.canary()),
        new DeployConfig.Immediate(immediate(deploy.section("immediate"), d.immediate())),
        releaseCommand(deploy));
  }

  private static DeployConfig.ReleaseCommand releaseCommand(YamlSection deploy) {
    List<String> command = deploy.strings("release-command").orElse(List.of());
    if (deploy.has("release-command")) {
      // A value that is no list at all was refused by strings() already.
      deploy.check(
          !deploy.isEmptyList("release-command")
              && (command.isEmpty() || !command.get(0).isBlank()),
          "release-command",
          command.isEmpty() ? "[]" : command.get(0),
          "the release command is the argv to run, e.g. [\"bin/migrate\"]; remove the key for none");
    }
    Duration timeout =
        deploy.duration(
            "release-command-timeout", DeployConfig.ReleaseCommand.DEFAULT_TIMEOUT, true);
    return new DeployConfig.ReleaseCommand(command, timeout);
  }

  private static DeployConfig.Analysis analysis(YamlSection analysis, DeployConfig.Analysis d) {
    analysis.allowOnly(
        "max-error-rate", "max-p99-latency", "min-requests", "inconclusive", "max-p99-increase");
    double maxErrorRate = analysis.decimal("max-error-rate", d.maxErrorRate());
    analysis.check(
        maxErrorRate >= 0 && maxErrorRate <= 1,
        "max-error-rate",
        maxErrorRate,
        "is a fraction of requests from 0 to 1, e.g. 0.01 for 1%");
    int minRequests = analysis.integer("min-requests", d.minRequests());
    analysis.check(minRequests >= 0, "min-requests", minRequests, "must not be negative");
    String inconclusive =
        analysis.oneOf(
            "inconclusive",
            d.inconclusive().key(),
            List.of("pause", "promote", "fail"),
            "action for an inconclusive window");
    double maxP99Increase = analysis.decimal("max-p99-increase", d.maxP99Increase());
    analysis.check(
        maxP99Increase >= 1,
        "max-p99-increase",
        maxP99Increase,
        "is a factor of the stable version's p99, at least 1, e.g. 1.5 for 50% slower");
    return new DeployConfig.Analysis(
        maxErrorRate,
        analysis.duration("max-p99-latency", d.maxP99Latency(), true),
        minRequests,
        DeployConfig.Inconclusive.of(inconclusive),
        maxP99Increase);
  }

  private static DeployConfig.Rolling rolling(YamlSection rolling, DeployConfig.Rolling d) {
    rolling.allowOnly("max-surge", "max-unavailable");
    int maxSurge = rolling.integer("max-surge", d.maxSurge());
    int maxUnavailable = rolling.integer("max-unavailable", d.maxUnavailable());
    rolling.check(maxSurge >= 0, "max-surge", maxSurge, "must not be negative");
    rolling.check(maxUnavailable >= 0, "max-unavailable", maxUnavailable, "must not be negative");
    rolling.check(
        maxSurge != 0 || maxUnavailable != 0,
        "max-unavailable",
        maxUnavailable,
        "max-surge and max-unavailable are both 0, so no instance could ever be replaced:"
            + " raise one of them");
    return new DeployConfig.Rolling(maxSurge, maxUnavailable);
  }

  private static DeployConfig.Canary canary(YamlSection canary, DeployConfig.Canary d) {
    canary.allowOnly("steps", "sticky", "header");
    List<DeployConfig.CanaryStep> steps = d.steps();
    var written = canary.sections("steps", STEP_EXAMPLE);
    if (written.isPresent()) {
      steps = steps(canary, written.get());
    }
    String sticky = canary.oneOf("sticky", "cookie", List.of("none", "cookie"), "sticky mode");
    String header = canary.text("header", d.header());
    canary.check(
        HEADER_NAME.matcher(header).matches(),
        "header",
        header,
        "not an HTTP header name: letters, digits and '-', e.g. X-Cutover-Canary");
    return new DeployConfig.Canary(
        steps, Stickiness.valueOf(sticky.toUpperCase(Locale.ROOT)), header);
  }

  private static List<DeployConfig.CanaryStep> steps(YamlSection canary, List<YamlSection> items) {
    canary.check(
        !canary.isEmptyList("steps"),
        "steps",
        "[]",
        "a canary needs at least one step, e.g. [" + STEP_EXAMPLE + "]");
    List<DeployConfig.CanaryStep> steps = new ArrayList<>();
    int previous = 0;
    for (YamlSection step : items) {
      step.allowOnly("weight", "pause");
      if (!step.has("weight")) {
        step.missing("weight", "each step sets the canary's share of traffic, 1 to 100");
      }
      int weight = step.integer("weight", previous + 1);
      if (weight <= 0 || weight > 100) {
        step.check(false, "weight", weight, "weights are percentages from 1 to 100");
      } else {
        step.check(
            weight > previous,
            "weight",
            weight,
            "weights must increase step by step (previous was " + previous + ")");
      }
      // No pause means the safe choice: wait for promote, as Argo Rollouts does.
      Duration pause = step.duration("pause", Duration.ZERO, false);
      steps.add(new DeployConfig.CanaryStep(weight, pause));
      if (weight >= 1 && weight <= 100) {
        previous = Math.max(previous, weight);
      }
    }
    return steps;
  }

  private static Duration immediate(YamlSection immediate, DeployConfig.Immediate d) {
    immediate.allowOnly("hold");
    return immediate.duration("hold", d.hold(), false);
  }
}
