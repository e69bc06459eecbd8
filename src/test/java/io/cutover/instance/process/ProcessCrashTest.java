package io.cutover.instance.process;

import static io.cutover.support.LoopbackHttp.awaitAnswering;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.support.DemoAppCommand;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCrashTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Pattern CRASHED_AT = Pattern.compile("demo-app crashed exit=3 at=(\\d+)");

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
  void aCrashIsReportedThroughTheListenerWithinASecondOfTheExit() {
    ServiceFixture service = DemoAppCommand.service("crashy").env("FAULT_CRASH_AFTER", "1s");
    Instance instance = driver.start(service.spec("v1", 0), exits).await().atMost(START);
    Process process = driver.process(instance).orElseThrow();
    CompletableFuture<Long> exitSeen =
        process.toHandle().onExit().thenApply(p -> System.currentTimeMillis());

    await().atMost(START).until(() -> !exits.isEmpty());

    ExitReports.Report report = exits.all().get(0);
    assertSame(instance, report.instance());
    assertEquals(3, report.exitCode());
    assertEquals(InstanceState.STOPPED, instance.state());
    long sinceCrashLine = report.atMillis() - crashedAt(instance);
    long sinceExitSeen = report.atMillis() - exitSeen.join();
    System.out.printf(
        "crash detection: listener heard %d ms after the app's crash line, %d ms after this test"
            + " saw the exit%n",
        sinceCrashLine, sinceExitSeen);
    assertTrue(sinceExitSeen < 1000, "heard " + sinceExitSeen + " ms after the exit");
    // The crash line comes before Runtime.halt, which itself waits ~300 ms for threads in native.
    assertTrue(sinceCrashLine < 1500, "heard " + sinceCrashLine + " ms after the crash line");
    assertEquals(1, exits.all().size());
  }

  @Test
  void aProcessThatEndsOnItsOwnIsReportedWithItsExitCode() {
    ServiceFixture service = ServiceFixture.process("quitter", "bash", "-c", "exit 7");

    Instance instance = driver.start(service.spec("v1", 0), exits).await().atMost(START);

    await().atMost(START).until(() -> !exits.isEmpty());
    assertEquals(1, exits.all().size());
    assertSame(instance, exits.all().get(0).instance());
    assertEquals(7, exits.all().get(0).exitCode());
  }

  @Test
  void aStopRequestedByTheGatewayIsNotReportedAsACrash() {
    Instance instance =
        driver.start(DemoAppCommand.service("calm").spec("v1", 0), exits).await().atMost(START);
    awaitAnswering(instance);

    driver.stop(instance, Duration.ofSeconds(10)).await().atMost(START);

    assertEquals(InstanceState.STOPPED, instance.state());
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(exits::isEmpty);
  }

  /** The epoch millis the demo app printed just before it halted. */
  private static long crashedAt(Instance instance) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                instance.logs().lines().stream()
                    .map(CRASHED_AT::matcher)
                    .filter(Matcher::find)
                    .map(m -> Long.parseLong(m.group(1)))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }
}
