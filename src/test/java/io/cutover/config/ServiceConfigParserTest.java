package io.cutover.config;

import static io.cutover.config.ServiceFiles.MINIMAL;
import static io.cutover.config.ServiceFiles.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.routing.Stickiness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceConfigParserTest {

  @Test
  void aMinimalFileGetsEveryDefaultOfTheSpec() {
    ServiceConfig config = accepted(MINIMAL);

    assertEquals("web", config.name());
    assertEquals(new RoutesConfig(List.of("web.localhost"), "/"), config.routes());
    assertEquals(1, config.instances());
    assertEquals(DriverType.PROCESS, config.driver().type());
    assertEquals(List.of("java", "-jar", "app-${VERSION}.jar"), config.driver().command());
    assertEquals(".", config.driver().workdir());
    assertEquals(Map.of(), config.driver().env());
    assertNull(config.driver().image());
    assertEquals(HealthConfig.defaults(), config.health());
    assertEquals(DrainConfig.defaults(), config.drain());
    assertEquals(DeployConfig.defaults(), config.deploy());
  }

  @Test
  void everyKeyOfTheSpecIsRead() {
    ServiceConfig config =
        accepted(
            """
            routes:
              hosts: ["Web.Localhost", "*"]
              path-prefix: /api/
            instances: 3
            driver:
              type: process
              command: ["sleep", 5]
              workdir: apps/web
              env: {LOG_LEVEL: debug, WORKERS: 4}
            health:
              path: /ready
              interval: 500ms
              timeout: 2s
              grace-period: 1s
              healthy-threshold: 1
              unhealthy-threshold: 5
              startup-timeout: 2m
            drain:
              timeout: 1m
              stop-timeout: 0
            deploy:
              strategy: canary
              bake: 1h
              analysis: {max-error-rate: 0.05, max-p99-latency: 250ms, min-requests: 0}
              rolling: {max-surge: 0, max-unavailable: 1}
              canary:
                steps: [{weight: 5, pause: 10s}, {weight: 100}]
                sticky: none
                header: X-Canary
              immediate: {hold: 3s}
            """);

    assertEquals(new RoutesConfig(List.of("web.localhost", "*"), "/api"), config.routes());
    assertEquals(3, config.instances());
    assertEquals(List.of("sleep", "5"), config.driver().command());
    assertEquals("apps/web", config.driver().workdir());
    assertEquals(Map.of("LOG_LEVEL", "debug", "WORKERS", "4"), config.driver().env());
    assertEquals(
        new HealthConfig(
            "/ready",
            Duration.ofMillis(500),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            1,
            5,
            Duration.ofMinutes(2)),
        config.health());
    assertEquals(new DrainConfig(Duration.ofMinutes(1), Duration.ZERO), config.drain());
    DeployConfig deploy = config.deploy();
    assertEquals("canary", deploy.strategy());
    assertEquals(Duration.ofHours(1), deploy.bake());
    assertEquals(new DeployConfig.Analysis(0.05, Duration.ofMillis(250), 0), deploy.analysis());
    assertEquals(new DeployConfig.Rolling(0, 1), deploy.rolling());
    assertEquals(
        new DeployConfig.Canary(
            List.of(
                new DeployConfig.CanaryStep(5, Duration.ofSeconds(10)),
                new DeployConfig.CanaryStep(100, Duration.ZERO)),
            Stickiness.NONE,
            "X-Canary"),
        deploy.canary());
    assertEquals(new DeployConfig.Immediate(Duration.ofSeconds(3)), deploy.immediate());
  }

  @Test
  void aStaticDriverNeedsNoCommand() {
    ServiceConfig config =
        accepted(
            """
            routes: {hosts: ["web.localhost"]}
            driver: {type: static}
            """);

    assertEquals(DriverType.STATIC, config.driver().type());
    assertEquals(List.of(), config.driver().command());
  }

  @Test
  void routesWithoutHostsAnswerOnAnyHost() {
    ServiceConfig config =
        accepted(
            """
            routes: {path-prefix: /web}
            driver: {type: static}
            """);

    assertEquals(new RoutesConfig(List.of("*"), "/web"), config.routes());
  }

  @Test
  void aStrategyPluginNameIsAcceptedWhenTheParserKnowsIt() {
    ParseResult result =
        new ServiceConfigParser(Set.of("bluegreen", "shadow"))
            .parse("services/web.yaml", MINIMAL + "deploy: {strategy: shadow}\n");

    var accepted = assertInstanceOf(ParseResult.Accepted.class, result);
    assertEquals("shadow", accepted.config().deploy().strategy());
  }

  @Test
  void aProblemMessageNamesTheFileTheKeyTheValueAndTheReason() {
    var problem =
        new ConfigProblem(
            "services/web.yaml",
            "deploy.canary.steps[1].weight",
            "5",
            "weights must increase step by step (previous was 10)");

    assertEquals(
        "services/web.yaml: deploy.canary.steps[1].weight: 5: weights must increase step by step"
            + " (previous was 10)",
        problem.message());
  }

  @Test
  void theDemoServiceOfTheRepositoryParses() {
    ParseResult result = new ServiceConfigParser().parse(Path.of("services/demo.yaml"));

    var accepted = assertInstanceOf(ParseResult.Accepted.class, result, result::toString);
    ServiceConfig demo = accepted.config();
    assertEquals("demo", demo.name());
    assertTrue(demo.routes().hosts().contains("demo.localhost"));
    assertEquals(DriverType.PROCESS, demo.driver().type());
    assertTrue(demo.driver().command().contains("deploy-tests/demo-app/DemoApp.java"));
  }
}
