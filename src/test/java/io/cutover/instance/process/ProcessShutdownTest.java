package io.cutover.instance.process;

import static io.cutover.support.LoopbackHttp.awaitAnswering;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceStartException;
import io.cutover.support.DemoAppCommand;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessShutdownTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  private final ExitReports exits = new ExitReports();

  @Test
  void shutdownStopsEveryProcessTheDriverStartedAndLeavesNoneAlive() {
    ProcessDriver driver = new ProcessDriver(dataDir);
    Instance app =
        driver.start(DemoAppCommand.service("app").spec("v1", 0), exits).await().atMost(START);
    Instance stubborn =
        driver
            .start(
                ServiceFixture.process(
                        "stubborn", "bash", "-c", "trap '' TERM; sleep 60; echo done")
                    .stopTimeout(Duration.ofSeconds(1))
                    .spec("v1", 0),
                exits)
            .await()
            .atMost(START);
    awaitAnswering(app);
    Process stubbornProcess = driver.process(stubborn).orElseThrow();
    await().atMost(START).until(() -> stubbornProcess.descendants().findAny().isPresent());
    List<Long> pids = new ArrayList<>();
    for (Instance instance : List.of(app, stubborn)) {
      Process process = driver.process(instance).orElseThrow();
      pids.add(process.pid());
      process.descendants().forEach(child -> pids.add(child.pid()));
    }

    driver.shutdown();

    for (long pid : pids) {
      // A killed grandchild is reaped by init, which may take a moment.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
              alive -> !alive);
      assertTrue(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty(), "pid " + pid);
    }
    assertTrue(exits.isEmpty(), "a shutdown is no crash");
  }

  @Test
  void aStartAfterShutdownIsRefused() {
    ProcessDriver driver = new ProcessDriver(dataDir);
    driver.shutdown();

    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () ->
                driver
                    .start(ServiceFixture.process("late", "true").spec("v1", 0), exits)
                    .await()
                    .atMost(START));
    assertTrue(error.getMessage().contains("shutting down"), error.getMessage());
  }

  @Test
  void aDriverMadeWhileTheJvmShutsDownRefusesStartsWithoutAnError() {
    // A gateway stopped during boot makes its driver after the JVM's shutdown began.
    try (DriverChild child =
        DriverChild.start(dataDir, Map.of(), "during-shutdown", "" + dataDir)) {
      await().atMost(START).until(() -> !child.process().isAlive());

      String output = child.output();
      assertTrue(output.contains("driver made during shutdown"), output);
      assertTrue(output.contains("start refused: the gateway is shutting down"), output);
      assertFalse(output.contains("Exception"), output);
      assertEquals(0, child.process().exitValue(), output);
    }
  }

  @Test
  void shutdownWithNothingRunningReturnsAtOnce() {
    ProcessDriver driver = new ProcessDriver(dataDir);

    assertTimeoutPreemptively(Duration.ofSeconds(1), driver::shutdown);
  }
}
