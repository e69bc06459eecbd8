package io.cutover.instance.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.support.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release command of a process service: a local process with an instance's environment. */
class ProcessReleaseCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  private ProcessDriver driver;

  @BeforeEach
  void startDriver() {
    driver = new ProcessDriver(dataDir);
  }

  @AfterEach
  void stopDriver() {
    driver.shutdown();
  }

  @Test
  void aCommandThatExitsNonZeroReportsItsExitCodeAndLastOutputWithTheVersionItRanFor() {
    OneOffResult result =
        run(List.of("sh", "-c", "echo migrating to $VERSION; echo broken >&2; exit 3"), WAIT);

    assertEquals(3, result.exitCode());
    assertFalse(result.timedOut());
    assertFalse(result.succeeded());
    assertEquals("migrating to v7\nbroken", result.output());
  }

  @Test
  void aCommandThatExitsZeroSucceeds() {
    OneOffResult result = run(List.of("sh", "-c", "echo done"), WAIT);

    assertTrue(result.succeeded(), result::toString);
    assertEquals("done", result.output());
  }

  @Test
  void aCommandStillRunningAtItsTimeoutIsKilledAndFails() {
    OneOffResult result =
        run(List.of("sh", "-c", "echo waiting; exec sleep 60"), Duration.ofMillis(500));

    assertTrue(result.timedOut(), result::toString);
    assertFalse(result.succeeded());
    assertEquals("waiting", result.output());
    assertTrue(result.took().compareTo(Duration.ofSeconds(20)) < 0, result::toString);
  }

  @Test
  void theCommandNeverSeesTheGatewaysSecrets() {
    OneOffResult result =
        run(List.of("sh", "-c", "env | grep -c '^QUARKUS_\\|^CUTOVER_' || true"), WAIT);

    assertEquals("0", result.output());
  }

  private OneOffResult run(List<String> command, Duration timeout) {
    var config = ServiceFixture.process("web", "java", "-version").config();
    return driver
        .runOnce(new OneOffRun("web", "v7", 1, config, command, timeout))
        .await()
        .atMost(WAIT);
  }
}
