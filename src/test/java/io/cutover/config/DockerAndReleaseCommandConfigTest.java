package io.cutover.config;

import static io.cutover.config.ServiceFiles.accepted;
import static io.cutover.config.ServiceFiles.minimalWith;
import static io.cutover.config.ServiceFiles.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The docker driver's keys and the release command, as SPEC writes them, and their mistakes. */
class DockerAndReleaseCommandConfigTest {
  private static final String DOCKER =
      """
      routes: {hosts: [web.localhost]}
      driver:
        type: docker
        image: "registry.example/web:${VERSION}"
      """;

  @Test
  void aDockerDriverGetsTheSpecDefaults() {
    DockerOptions docker = accepted(DOCKER).driver().docker();

    assertEquals(3000, docker.port());
    assertEquals(DockerOptions.Pull.MISSING, docker.pull());
    assertEquals("bridge", docker.network());
    assertNull(docker.dockerHost(), "DOCKER_HOST decides");
    assertTrue(docker.published());
  }

  @Test
  void everyDockerKeyOfTheSpecIsRead() {
    ServiceConfig config =
        accepted(
            DOCKER
                + """
                  port: 8000
                  command: [bin/serve, --port, "8000"]
                  env: {LOG_LEVEL: debug}
                  pull: never
                  network: host
                  docker-host: tcp://127.0.0.1:2375
                """);

    DockerOptions docker = config.driver().docker();
    assertEquals(8000, docker.port());
    assertEquals(DockerOptions.Pull.NEVER, docker.pull());
    assertEquals("host", docker.network());
    assertFalse(docker.published());
    assertEquals("tcp://127.0.0.1:2375", docker.dockerHost());
    assertEquals(List.of("bin/serve", "--port", "8000"), config.driver().command());
  }

  @Test
  void anUnknownPullPolicyIsRefusedWithTheKnownOnesListed() {
    ConfigProblem problem = onlyProblem(DOCKER + "  pull: sometimes\n");

    assertEquals("driver.pull", problem.keyPath());
    assertTrue(problem.reason().contains("always, missing, never"), problem.reason());
  }

  @Test
  void aPortOutsideOneTo65535IsRefused() {
    ConfigProblem problem = onlyProblem(DOCKER + "  port: 70000\n");

    assertEquals("driver.port", problem.keyPath());
    assertEquals("ports are 1 to 65535", problem.reason());
  }

  @Test
  void aDockerHostThatIsNoEngineAddressIsRefused() {
    ConfigProblem problem = onlyProblem(DOCKER + "  docker-host: /var/run/docker.sock\n");

    assertEquals("driver.docker-host", problem.keyPath());
    assertTrue(problem.reason().contains("unix:///path/to/docker.sock"), problem.reason());
  }

  @Test
  void aDockerKeyOnAProcessDriverIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {type: process, command: [app], pull: never}
            """);

    assertEquals("driver.pull", problem.keyPath());
    assertTrue(problem.reason().contains("not a key of a process driver"), problem.reason());
  }

  @Test
  void aReleaseCommandAndItsTimeoutAreRead() {
    DeployConfig.ReleaseCommand command =
        accepted(
                minimalWith(
                    "deploy: {release-command: [bin/migrate, --all],"
                        + " release-command-timeout: 90s}"))
            .deploy()
            .releaseCommand();

    assertEquals(List.of("bin/migrate", "--all"), command.command());
    assertEquals(Duration.ofSeconds(90), command.timeout());
  }

  @Test
  void withoutAReleaseCommandNoneRunsAndTheTimeoutIsFiveMinutes() {
    DeployConfig.ReleaseCommand command = accepted(ServiceFiles.MINIMAL).deploy().releaseCommand();

    assertFalse(command.present());
    assertEquals(Duration.ofMinutes(5), command.timeout());
  }

  @Test
  void anEmptyReleaseCommandIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {release-command: []}"));

    assertEquals("deploy.release-command", problem.keyPath());
    assertTrue(problem.reason().contains("remove the key for none"), problem.reason());
  }

  @Test
  void aReleaseCommandWrittenAsOneStringIsRefused() {
    ConfigProblem problem = onlyProblem(minimalWith("deploy: {release-command: bin/migrate}"));

    assertEquals("deploy.release-command", problem.keyPath());
  }

  @Test
  void aZeroReleaseCommandTimeoutIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            minimalWith("deploy: {release-command: [bin/migrate], release-command-timeout: 0s}"));

    assertEquals("deploy.release-command-timeout", problem.keyPath());
    assertEquals("must be above zero", problem.reason());
  }

  @Test
  void aReleaseCommandOnAStaticDriverIsRefused() {
    ConfigProblem problem =
        onlyProblem(
            """
            routes: {hosts: [web.localhost]}
            driver: {type: static}
            deploy: {release-command: [bin/migrate]}
            """);

    assertEquals("deploy.release-command", problem.keyPath());
    assertTrue(problem.reason().contains("a static driver"), problem.reason());
  }
}
