package io.cutover.instance.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance that prints far more than its log limit keeps its files bounded. */
class ProcessLogLimitTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static final long LIMIT = 128 * 1024;

  /** Leeway for what the app writes between two polls of the follower on a busy machine. */
  private static final long BETWEEN_POLLS = 512 * 1024;

  // 20,000 lines of 100 bytes (2 MB), paced at about 1 MB/s like a busy app, not a flood.
  private static final String CHATTY =
      "for i in $(seq 1 20000); do printf 'line %05d %s\\n' \"$i\" \"$PAD\";"
          + " if (( i % 100 == 0 )); then sleep 0.01; fi; done; echo last line";

  @TempDir Path dataDir;
  private ProcessDriver driver;
  private final ExitReports exits = new ExitReports();

  @AfterEach
  void stopDriver() {
    driver.shutdown();
  }

  @Test
  void aLogFileWrittenFarPastItsLimitIsRotatedOnceAndStaysBounded() throws IOException {
    driver = new ProcessDriver(dataDir, System.getenv(), new LogLimit(LIMIT, 1, 20));
    Instance instance = start();
    Path log = driver.logFile(instance);
    AtomicLong largest = new AtomicLong();

    await()
        .atMost(START)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              largest.accumulateAndGet(size(log), Math::max);
              return !exits.isEmpty();
            });

    assertTrue(largest.get() <= LIMIT + BETWEEN_POLLS, "the log file grew to " + largest);
    assertTrue(size(log) <= LIMIT + BETWEEN_POLLS, "log " + size(log));
    Path rotated = ProcessOutput.rotated(log, 1);
    assertTrue(Files.isRegularFile(rotated));
    assertTrue(size(rotated) <= LIMIT, "rotated " + size(rotated));
    assertFalse(Files.exists(ProcessOutput.rotated(log, 2)), "one rotation only");
    assertEquals(List.of(log.getFileName(), rotated.getFileName()), logFiles(log));
    // The failure event's last lines still come from the tail, rotations or not.
    assertEquals("last line", instance.logs().last(1));
    assertTrue(instance.logs().last(2).startsWith("line 20000 "), instance.logs().last(2));
    // Nothing of the end is lost: it is in the log, or in .1 when a rotation came last.
    assertTrue((Files.readString(rotated) + Files.readString(log)).endsWith("last line\n"));
  }

  @Test
  void moreRotationsAreKeptWhenConfiguredAndNoneWithZero() throws IOException {
    driver = new ProcessDriver(dataDir, System.getenv(), new LogLimit(LIMIT, 2, 20));
    Instance kept = start();
    await().atMost(START).until(() -> !exits.isEmpty());
    Path log = driver.logFile(kept);
    assertTrue(Files.isRegularFile(ProcessOutput.rotated(log, 2)));
    assertTrue(size(ProcessOutput.rotated(log, 2)) <= LIMIT);
    assertFalse(Files.exists(ProcessOutput.rotated(log, 3)));
    driver.shutdown();

    driver = new ProcessDriver(dataDir, System.getenv(), new LogLimit(LIMIT, 0, 20));
    ExitReports none = new ExitReports();
    Instance emptied = driver.start(chatty().spec("v2", 0), none).await().atMost(START);
    await().atMost(START).until(() -> !none.isEmpty());
    Path only = driver.logFile(emptied);
    assertEquals(List.of(only.getFileName()), logFiles(only));
    assertTrue(size(only) <= LIMIT + BETWEEN_POLLS, "log " + size(only));
  }

  @Test
  void perServiceOnlyTheNewestLogsOfEndedInstancesAreKeptAndARunningOnesAlways()
      throws IOException {
    driver = new ProcessDriver(dataDir, System.getenv(), new LogLimit(LIMIT, 1, 2));
    Instance running =
        driver
            .start(ServiceFixture.process("web", "sleep", "300").spec("v1", 0), exits)
            .await()
            .atMost(START);
    List<Path> ended = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ExitReports exited = new ExitReports();
      Instance brief =
          driver
              .start(ServiceFixture.process("web", "true").spec("v" + (i + 2), 0), exited)
              .await()
              .atMost(START);
      await().atMost(START).until(() -> !exited.isEmpty());
      ended.add(driver.logFile(brief));
    }
    // Each start prunes: the first ended one is gone already; its rotations go with a log.
    assertFalse(Files.exists(ended.get(0)));
    Files.writeString(ProcessOutput.rotated(ended.get(1), 1), "rotated");

    Instance last =
        driver
            .start(ServiceFixture.process("web", "sleep", "300").spec("v9", 0), exits)
            .await()
            .atMost(START);

    try (var files = Files.list(driver.logFile(last).getParent())) {
      assertEquals(
          Stream.of(driver.logFile(running), ended.get(2), ended.get(3), driver.logFile(last))
              .map(Path::getFileName)
              .sorted()
              .toList(),
          files.map(Path::getFileName).sorted().toList());
    }
  }

  private Instance start() {
    return driver.start(chatty().spec("v1", 0), exits).await().atMost(START);
  }

  private static ServiceFixture chatty() {
    return ServiceFixture.process("chatty", "bash", "-c", CHATTY).env("PAD", "x".repeat(88));
  }

  private static List<Path> logFiles(Path log) throws IOException {
    try (var files = Files.list(log.getParent())) {
      return files
          .map(Path::getFileName)
          .filter(name -> name.toString().startsWith(log.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException gone) {
      return 0;
    }
  }
}
