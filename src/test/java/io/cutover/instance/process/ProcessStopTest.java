package io.cutover.instance.process;

import static io.cutover.support.LoopbackHttp.awaitAnswering;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.support.DemoAppCommand;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStopTest {
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
  void aProcessThatIgnoresSigtermIsKilledWithItsChildAfterTheStopTimeout() {
    Duration stopTimeout = Duration.ofSeconds(2);
    // The trailing echo keeps bash from exec-ing sleep, so sleep is a child; both ignore TERM.
    ServiceFixture service =
        ServiceFixture.process("stubborn", "bash", "-c", "trap '' TERM; sleep 60; echo done")
            .stopTimeout(stopTimeout);
    Instance instance = driver.start(service.spec("v1", 0), exits).await().atMost(START);
    Process process = driver.process(instance).orElseThrow();
    await().atMost(START).until(() -> process.descendants().findAny().isPresent());
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);

    long startedAt = System.nanoTime();
    driver.stop(instance, stopTimeout).await().atMost(START);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

    System.out.printf("SIGKILL timing: stop took %d ms with stop-timeout 2000 ms%n", tookMs);
    assertTrue(tookMs >= 2000 && tookMs <= 4000, "stop took " + tookMs + " ms");
    assertEquals(137, process.exitValue(), "128 + SIGKILL");
    for (ProcessHandle handle : tree) {
      // A killed grandchild is reaped by init, which may take a moment.
      await().atMost(Duration.ofSeconds(5)).until(() -> !handle.isAlive());
    }
    assertEquals(InstanceState.STOPPED, instance.state());
    assertTrue(exits.isEmpty());
  }

  @Test
  void theDemoAppStopsPromptlyOnSigtermAndExitsZero() {
    Instance instance =
        driver
            .start(
                DemoAppCommand.service("prompt").stopTimeout(Duration.ofSeconds(10)).spec("v1", 0),
                exits)
            .await()
            .atMost(START);
    awaitAnswering(instance);
    Process process = driver.process(instance).orElseThrow();

    long startedAt = System.nanoTime();
    driver.stop(instance, Duration.ofSeconds(10)).await().atMost(START);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

    System.out.printf("SIGTERM timing: the demo app stopped in %d ms%n", tookMs);
    assertTrue(tookMs < 5000, "stop took " + tookMs + " ms");
    assertEquals(0, process.exitValue());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                instance
                    .logs()
                    .lines()
                    .containsAll(List.of("demo-app draining", "demo-app stopped")));
    assertTrue(exits.isEmpty());
  }

  @Test
  void aChildBehindAWrapperScriptGetsTheSigtermToo() {
    List<String> wrapped =
        new ArrayList<>(List.of("bash", "-c", "\"$@\"; echo wrapper done", "wrapper"));
    wrapped.addAll(DemoAppCommand.command());
    Instance instance =
        driver
            .start(ServiceFixture.process("wrapped", wrapped).spec("v1", 0), exits)
            .await()
            .atMost(START);
    awaitAnswering(instance);
    Process process = driver.process(instance).orElseThrow();
    ProcessHandle app = process.descendants().findFirst().orElseThrow();

    long startedAt = System.nanoTime();
    driver.stop(instance, Duration.ofSeconds(10)).await().atMost(START);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

    assertTrue(tookMs < 5000, "stop took " + tookMs + " ms: the app did not get SIGTERM");
    assertFalse(app.isAlive());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> instance.logs().lines().contains("demo-app stopped"));
  }

  @Test
  void stoppingAnInstanceThatAlreadyExitedCompletesAtOnce() {
    Instance instance =
        driver
            .start(ServiceFixture.process("brief", "true").spec("v1", 0), exits)
            .await()
            .atMost(START);
    await().atMost(START).until(() -> !exits.isEmpty());

    driver.stop(instance, Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(1));

    assertEquals(InstanceState.STOPPED, instance.state());
  }
}
