package io.cutover.instance.process;

import static io.cutover.support.LoopbackHttp.awaitAnswering;
import static io.cutover.support.LoopbackHttp.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.InstanceState;
import io.cutover.instance.LoopbackPorts;
import io.cutover.support.DemoAppCommand;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessDriverTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  private ProcessDriver driver;
  private final ExitReports exits = new ExitReports();

  @BeforeEach
  void startDriver() {
    driver = new ProcessDriver(dataDir);
  }

  @AfterEach
  void stopDriver() {
    driver.shutdown();
  }

  @Test
  void aDemoAppInstanceStartsAndAnswersItsVersionOnItsPort() {
    Instance instance =
        driver.start(DemoAppCommand.service("demo").spec("v1", 0), exits).await().atMost(START);

    assertEquals("127.0.0.1", instance.host());
    assertTrue(instance.id().matches("demo-v1-0-[0-9a-f]{6}"), instance.id());
    assertEquals(InstanceState.STARTING, instance.state());
    awaitAnswering(instance);
    var response = get(instance.port(), "/");
    assertEquals(200, response.statusCode());
    assertEquals("v1", response.body());
    assertTrue(exits.isEmpty());
  }

  @Test
  void versionPortAndInstanceAreSubstitutedInArgumentsAndEnvironmentValues() {
    ServiceFixture service =
        ServiceFixture.process(
                "subst",
                "bash",
                "-c",
                "echo \"argv $1 $2 $3\"; echo \"env $PORT $VERSION $INSTANCE $GREETING\"",
                "script",
                "${VERSION}",
                "${PORT}",
                "${INSTANCE}")
            .env("GREETING", "hello-${VERSION}-on-${PORT}-as-${INSTANCE}");

    Instance instance = driver.start(service.spec("v7", 2), exits).await().atMost(START);

    int port = instance.port();
    List<String> expected =
        List.of("argv v7 " + port + " 2", "env " + port + " v7 2 hello-v7-on-" + port + "-as-2");
    await().atMost(START).until(() -> instance.logs().lines().equals(expected));
  }

  @Test
  void theWorkdirIsRelativeToTheGatewaysWorkingDirectory() {
    ServiceFixture service = ServiceFixture.process("cwd", "pwd").workdir("target");

    Instance instance = driver.start(service.spec("v1", 0), exits).await().atMost(START);

    List<String> expected = List.of(Path.of("target").toAbsolutePath().toString());
    await().atMost(START).until(() -> instance.logs().lines().equals(expected));
  }

  @Test
  void logLinesAppearInTheLogTailAndInTheLogFileUnderTheDataDir() {
    Instance instance =
        driver.start(DemoAppCommand.service("logs").spec("v3", 0), exits).await().atMost(START);
    String started = "demo-app version=v3 port=" + instance.port() + " listening";

    await().atMost(START).until(() -> instance.logs().lines().contains(started));
    Path file = dataDir.resolve("logs").resolve("logs").resolve(instance.id() + ".log");
    assertEquals(file, driver.logFile(instance));
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> Files.readAllLines(file).contains(started));
  }

  @Test
  void aCommandThatCannotRunFailsTheStartNamingServiceAndProgramButNoArgument() {
    ServiceFixture service =
        ServiceFixture.process("broken", "/no/such/program", "--password=hunter2", "${VERSION}");

    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () -> driver.start(service.spec("v1", 0), exits).await().atMost(START));
    assertTrue(
        error
            .getMessage()
            .contains(
                "service broken could not run driver.command /no/such/program"
                    + " (2 arguments not shown): "),
        error.getMessage());
    assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
  }

  @Test
  void anInstancesLogFileIsReadableByTheGatewaysUserAlone() throws Exception {
    // What an app prints may be its own secrets: the log is no more open than its process.
    Instance instance =
        driver
            .start(ServiceFixture.process("quiet", "true").spec("v1", 0), exits)
            .await()
            .atMost(START);

    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(driver.logFile(instance)));
  }

  @Test
  void aWorkdirThatDoesNotExistFailsTheStartNamingIt() {
    ServiceFixture service = ServiceFixture.process("lost", "pwd").workdir("no-such-folder");

    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () -> driver.start(service.spec("v1", 0), exits).await().atMost(START));
    assertTrue(error.getMessage().contains("driver.workdir no-such-folder"), error.getMessage());
    assertTrue(error.getMessage().contains("is not a directory"), error.getMessage());
  }

  @Test
  void portsHandedOutOneAfterAnotherAreNeverTheSame() {
    LoopbackPorts ports = new LoopbackPorts();
    Set<Integer> seen = new HashSet<>();

    for (int i = 0; i < 100; i++) {
      int port = ports.next();
      assertTrue(seen.add(port), "port " + port + " was handed out twice");
    }
  }
}
