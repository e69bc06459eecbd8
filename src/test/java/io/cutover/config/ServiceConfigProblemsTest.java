package io.cutover.config;

import static io.cutover.config.ServiceFiles.FILE;
import static io.cutover.config.ServiceFiles.minimalWith;
import static io.cutover.config.ServiceFiles.onlyProblem;
import static io.cutover.config.ServiceFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each way a service file can be wrong, and what the user is told. */
class ServiceConfigProblemsTest {

  @Test
  void anUnknownKeyIsRefusedWithTheClosestKnownKeySuggested() {
    ConfigProblem problem = onlyProblem(minimalWith("health: {intervall: 2s}"));

    assertEquals("health.intervall", problem.keyPath());
    assertEquals("unknown key: did you mean `interval`?", problem.reason());
  }

  @Test
  void anUnknownKeyFarFromAnyKnownOneListsTheKnownKeys() {
    ConfigProblem problem = onlyProblem(minimalWith("colour: red"));

    assertEquals("colour", problem.keyPath());
    assertTrue(problem.reason().contains("routes, instances, driver"), problem.reason());
  }

  @Test
  void aCamelCaseKeyIsPointedToItsDashedSpelling() {
    ConfigProblem problem = onlyProblem(minimalWith("drain: {stopTimeout: 5s}"));

    assertEquals("drain.stopTimeout", problem.keyPath());
    assertEquals("unknown key: did you mean `stop-timeout`?", problem.reason());
  }

  @Test
  void aDurationThatIsNotOneIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("health: {interval: 2 seconds}"));

    assertEquals("health.interval", problem.keyPath());
    assertEquals("2 seconds", problem.value());
    assertTrue(problem.reason().startsWith("not a duration"), problem.reason());
  }

  @Test
  void aDurationWithoutUnitIsRefusedWithTheUnitSuggested() {
    ConfigProblem problem = onlyProblem(minimalWith("drain: {timeout: 30}"));

    assertEquals("drain.timeout", problem.keyPath());
    assertEquals("durations need a unit, e.g. 30s or 500ms", problem.reason());
  }

  @Test
  void aNegativeDurationIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {bake: -5s}"));

    assertEquals("deploy.bake", problem.keyPath());
    assertEquals("durations must not be negative", problem.reason());
  }

  @Test
  void aZeroHealthIntervalIsRefusedButZeroGraceIsFine() {
    ConfigProblem problem = onlyProblem(minimalWith("health: {interval: 0s, grace-period: 0}"));

    assertEquals("health.interval", problem.keyPath());
    assertEquals("must be above zero", problem.reason());
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("instances: two"));

    assertEquals("instances", problem.keyPath());
    assertEquals("two", problem.value());
    assertEquals("must be a whole number", problem.reason());
  }

  @Test
  void aSectionWrittenAsASingleValueIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: web.localhost
            driver: {type: static}
            """);

    assertEquals("routes", problem.keyPath());
    assertEquals("must be a mapping of keys, not a single value or a list", problem.reason());
  }

  @Test
  void aCommandWrittenAsOneStringIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {command: java -jar app.jar}
            """);

    assertEquals("driver.command", problem.keyPath());
    assertTrue(problem.reason().startsWith("must be a list of strings"), problem.reason());
  }

  @Test
  void canaryWeightsThatDoNotIncreaseAreRefused() {
    ConfigProblem problem =
        onlyProblem(
            minimalWith(
                "deploy: {canary: {steps: [{weight: 10, pause: 30s}, {weight: 5, pause: 30s}]}}"));

    assertEquals(
        "services/web.yaml: deploy.canary.steps[1].weight: 5: weights must increase step by step"
            + " (previous was 10)",
        problem.message());
  }

  @Test
  void anEqualCanaryWeightIsNotAnIncrease() {
    ConfigProblem problem =
        onlyProblem(minimalWith("deploy: {canary: {steps: [{weight: 20}, {weight: 20}]}}"));

    assertEquals("deploy.canary.steps[1].weight", problem.keyPath());
  }

  @Test
  void aCanaryWeightOver100IsRefused() {
    ConfigProblem problem =
        onlyProblem(minimalWith("deploy: {canary: {steps: [{weight: 50}, {weight: 150}]}}"));

    assertEquals("deploy.canary.steps[1].weight", problem.keyPath());
    assertEquals("150", problem.value());
    assertEquals("weights are percentages from 1 to 100", problem.reason());
  }

  @Test
  void aCanaryWeightOfZeroOrLessIsRefused() {
    List<ConfigProblem> found =
        problems(FILE, minimalWith("deploy: {canary: {steps: [{weight: 0}, {weight: -10}]}}"));

    assertEquals(
        List.of("deploy.canary.steps[0].weight", "deploy.canary.steps[1].weight"),
        found.stream().map(ConfigProblem::keyPath).toList());
    assertEquals("weights are percentages from 1 to 100", found.get(0).reason());
  }

  @Test
  void aCanaryWithoutStepsIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {canary: {steps: []}}"));

    assertEquals("deploy.canary.steps", problem.keyPath());
    assertTrue(problem.reason().startsWith("a canary needs at least one step"));
  }

  @Test
  void aCanaryStepWithoutWeightIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {canary: {steps: [{pause: 5s}]}}"));

    assertEquals("deploy.canary.steps[0].weight", problem.keyPath());
    assertNull(problem.value());
    assertTrue(problem.reason().startsWith("missing"), problem.reason());
  }

  @Test
  void maxSurgeAndMaxUnavailableBothZeroAreRefused() {
    ConfigProblem problem =
        onlyProblem(minimalWith("deploy: {rolling: {max-surge: 0, max-unavailable: 0}}"));

    assertEquals("deploy.rolling.max-unavailable", problem.keyPath());
    assertTrue(problem.reason().startsWith("max-surge and max-unavailable are both 0"));
  }

  @Test
  void aProcessDriverWithoutCommandIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {type: process}
            """);

    assertEquals("driver.command", problem.keyPath());
    assertNull(problem.value());
    assertTrue(problem.reason().contains("a process driver needs a command"), problem.reason());
  }

  @Test
  void aProcessDriverWithAnEmptyCommandIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {command: []}
            """);

    assertEquals("driver.command", problem.keyPath());
    assertEquals("a process driver needs a command to start", problem.reason());
  }

  @Test
  void aDockerDriverWithoutImageIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {type: docker}
            """);

    assertEquals("driver.image", problem.keyPath());
  }

  @Test
  void portInTheDriverEnvironmentIsRefusedBecauseCutoverSetsIt() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {command: [app], env: {PORT: 9000}}
            """);

    assertEquals("driver.env.PORT", problem.keyPath());
    assertTrue(problem.reason().startsWith("PORT is set by Cutover"));
  }

  @Test
  void aServiceNameWithCapitalsOrUnderscoresIsRefused() {
    List<ConfigProblem> found = problems("services/Web_App.yaml", ServiceFiles.MINIMAL);

    assertEquals(1, found.size(), found::toString);
    assertEquals("", found.get(0).keyPath());
    assertEquals("Web_App", found.get(0).value());
    assertTrue(found.get(0).reason().contains("rename the file"));
  }

  @Test
  void aServiceNameStartingWithADashOrLongerThan63IsRefused() {
    assertEquals(1, problems("services/-web.yaml", ServiceFiles.MINIMAL).size());
    assertEquals(1, problems("services/" + "a".repeat(64) + ".yaml", ServiceFiles.MINIMAL).size());
    assertInstanceOf(
        ParseResult.Accepted.class,
        new ServiceConfigParser()
            .parse("services/" + "a".repeat(63) + ".yaml", ServiceFiles.MINIMAL));
  }

  @Test
  void aFileWithoutRoutesIsRefused() {
    ConfigProblem problem = onlyProblem("driver: {type: static}\n");

    assertEquals("routes", problem.keyPath());
    assertTrue(problem.reason().startsWith("missing"), problem.reason());
  }

  @Test
  void aFileWithoutDriverIsRefused() {
    ConfigProblem problem = onlyProblem("routes: {hosts: [web.localhost]}\n");

    assertEquals("driver", problem.keyPath());
    assertTrue(problem.reason().startsWith("missing"), problem.reason());
  }

  @Test
  void anUnknownDriverTypeIsRefusedWithTheKnownTypesListed() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {type: proces, command: [app]}
            """);

    assertEquals("driver.type", problem.keyPath());
    assertEquals("proces", problem.value());
    assertEquals(
        "unknown driver type (did you mean `process`?); use one of: docker, kubernetes, process,"
            + " static",
        problem.reason());
  }

  @Test
  void anUnknownStrategyIsRefusedWithTheKnownStrategiesListed() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {strategy: blue-green}"));

    assertEquals("deploy.strategy", problem.keyPath());
    assertEquals(
        "unknown strategy (did you mean `bluegreen`?); use one of: bluegreen, canary, immediate,"
            + " rolling",
        problem.reason());
  }

  @Test
  void aStickyModeOtherThanNoneOrCookieIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {canary: {sticky: header}}"));

    assertEquals("deploy.canary.sticky", problem.keyPath());
    assertEquals("unknown sticky mode; use one of: cookie, none", problem.reason());
  }

  @Test
  void negativeNumbersAreRefused() {
    List<ConfigProblem> found =
        problems(
            FILE,
            minimalWith(
                """
                deploy:
                  analysis: {min-requests: -1}
                  rolling: {max-surge: -1, max-unavailable: 1}
                """));

    assertEquals(
        List.of("deploy.analysis.min-requests", "deploy.rolling.max-surge"),
        found.stream().map(ConfigProblem::keyPath).toList());
    assertEquals("must not be negative", found.get(0).reason());
    assertEquals("-1", found.get(0).value());
  }

  @Test
  void aHealthyThresholdBelowOneIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("health: {healthy-threshold: 0}"));

    assertEquals("health.healthy-threshold", problem.keyPath());
    assertTrue(problem.reason().startsWith("must be at least 1"));
  }

  @Test
  void fewerThanOneInstanceIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("instances: 0"));

    assertEquals("instances", problem.keyPath());
    assertEquals("0", problem.value());
    assertEquals("must be at least 1", problem.reason());
  }

  @Test
  void aPathPrefixWithoutLeadingSlashIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost], path-prefix: api}
            driver: {type: static}
            """);

    assertEquals("routes.path-prefix", problem.keyPath());
    assertEquals("must start with '/', e.g. /api", problem.reason());
  }

  @Test
  void aHostWithAPortIsRefusedWithTheHostAlone() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost, "web.localhost:8080"]}
            driver: {type: static}
            """);

    assertEquals("routes.hosts[1]", problem.keyPath());
    assertTrue(problem.reason().endsWith("write web.localhost"), problem.reason());
  }

  @Test
  void aHealthPathWithoutLeadingSlashIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("health: {path: health}"));

    assertEquals("health.path", problem.keyPath());
    assertEquals("health", problem.value());
  }

  @Test
  void aMaxErrorRateOutsideZeroToOneIsRefused() {
    List<ConfigProblem> over =
        problems(FILE, minimalWith("deploy: {analysis: {max-error-rate: 1.5}}"));
    List<ConfigProblem> under =
        problems(FILE, minimalWith("deploy: {analysis: {max-error-rate: -0.1}}"));

    assertEquals("deploy.analysis.max-error-rate", over.get(0).keyPath());
    assertEquals("1.5", over.get(0).value());
    assertEquals("deploy.analysis.max-error-rate", under.get(0).keyPath());
    assertTrue(over.get(0).reason().contains("from 0 to 1"));
  }

  @Test
  void anInconclusiveActionOtherThanPausePromoteOrFailIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {analysis: {inconclusive: pasue}}"));

    assertEquals("deploy.analysis.inconclusive", problem.keyPath());
    assertEquals("pasue", problem.value());
    assertEquals(
        "unknown action for an inconclusive window (did you mean `pause`?); use one of: fail,"
            + " pause, promote",
        problem.reason());
  }

  @Test
  void aMaxP99IncreaseBelowOneOrNotANumberIsRefused() {
    ConfigProblem below = onlyProblem(minimalWith("deploy: {analysis: {max-p99-increase: 0.5}}"));
    ConfigProblem text = onlyProblem(minimalWith("deploy: {analysis: {max-p99-increase: 2x}}"));

    assertEquals("deploy.analysis.max-p99-increase", below.keyPath());
    assertEquals("0.5", below.value());
    assertTrue(below.reason().contains("at least 1"), below.reason());
    assertEquals("deploy.analysis.max-p99-increase", text.keyPath());
    assertEquals("must be a number", text.reason());
  }

  @Test
  void theInconclusiveActionAndTheP99IncreaseAreRead() {
    DeployConfig.Analysis analysis =
        ServiceFiles.accepted(
                minimalWith("deploy: {analysis: {inconclusive: fail, max-p99-increase: 2}}"))
            .deploy()
            .analysis();

    assertEquals(DeployConfig.Inconclusive.FAIL, analysis.inconclusive());
    assertEquals(2.0, analysis.maxP99Increase());
    assertEquals(
        DeployConfig.Inconclusive.PAUSE, DeployConfig.defaults().analysis().inconclusive());
    assertEquals(1.5, DeployConfig.defaults().analysis().maxP99Increase());
  }

  @Test
  void anEmptyFileIsRefused() {
    ConfigProblem problem = onlyProblem("");

    assertEquals("", problem.keyPath());
    assertTrue(problem.reason().startsWith("the file is empty"), problem.reason());
    assertEquals(problem, onlyProblem("# only a comment\n"));
  }

  @Test
  void aYamlSyntaxErrorIsRefusedWithItsLineNumber() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes:
              hosts: [web.localhost
            driver: {type: static}
            """);

    assertEquals("", problem.keyPath());
    assertTrue(problem.reason().startsWith("YAML syntax error at line 3"), problem.reason());
  }

  @Test
  void aKeyWrittenTwiceIsRefusedWithItsLineNumber() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {type: static}
            instances: 2
            instances: 3
            """);

    assertEquals(
        "YAML error at line 4: key `instances` is written twice; keep one", problem.reason());
  }

  @Test
  void aListInsteadOfAMappingIsRefused() {
    ConfigProblem problem = onlyProblem("- routes\n- driver\n");

    assertTrue(problem.reason().startsWith("the file must be a mapping"), problem.reason());
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() {
    List<ConfigProblem> found =
        problems(
            FILE,
            """
            routes: {hosts: [web.localhost], path-prefix: api}
            instances: 0
            driver: {type: process}
            health: {interval: soon}
            """);

    assertEquals(
        List.of("routes.path-prefix", "instances", "driver.command", "health.interval"),
        found.stream().map(ConfigProblem::keyPath).toList());
  }
}
