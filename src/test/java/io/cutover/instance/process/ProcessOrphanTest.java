package io.cutover.instance.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.instance.Instance;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instances a killed gateway left behind, found again by the next gateway on its data dir. */
class ProcessOrphanTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  private final List<ProcessDriver> drivers = new ArrayList<>();
  private final List<ProcessHandle> ours = new ArrayList<>();
  private final ExitReports exits = new ExitReports();

  @AfterEach
  void cleanUp() {
    drivers.forEach(ProcessDriver::shutdown);
    ours.forEach(ProcessHandle::destroyForcibly); // only processes this test started, if left
  }

  @Test
  void theInstancesOfAKilledGatewayAreStoppedTreeAndAllWhenTheNextGatewayStarts() throws Exception {
    // Given a gateway whose instance ignores SIGTERM and has a child that ignores it too...
    List<ProcessHandle> tree;
    try (DriverChild gateway =
        DriverChild.start(
            dataDir,
            Map.of(),
            "run",
            dataDir.toString(),
            "bash",
            "-c",
            "trap '' TERM; sleep 300; echo done")) {
      ProcessHandle instance = ProcessHandle.of(gateway.awaitInstancePid()).orElseThrow();
      await().atMost(START).until(() -> instance.descendants().findAny().isPresent());
      tree = Stream.concat(Stream.of(instance), instance.descendants()).toList();
      ours.addAll(tree);
      assertEquals(1, recordFiles().size(), "one record while it runs");

      // ...when the gateway is killed: its instance runs on, recorded.
      gateway.process().destroyForcibly();
      await().atMost(START).until(() -> !gateway.process().isAlive());
    }
    assertTrue(tree.stream().allMatch(ProcessHandle::isAlive), "the orphan outlived its gateway");
    assertEquals(1, recordFiles().size());

    // Then the next gateway stops it: SIGTERM, and SIGKILL after its 2 s stop timeout.
    ProcessDriver next = driver();
    next.awaitSwept();

    for (ProcessHandle handle : tree) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !handle.isAlive());
    }
    assertEquals(List.of(), recordFiles());
  }

  @Test
  void aRecordWhosePidNowNamesAnotherProcessIsDroppedAndThatProcessLeftAlone() throws Exception {
    ProcessHandle stranger = new ProcessBuilder("sleep", "300").start().toHandle();
    ours.add(stranger);
    long startTicks = ProcStat.of(stranger.pid()).orElseThrow().startTicks();
    records()
        .write(
            new InstanceRecord(
                "web-v1-0-abcdef",
                "web",
                "v1",
                0,
                9,
                stranger.pid(),
                startTicks - 1, // the recorded process started earlier: the pid was reused since
                1,
                -1, // a gateway that is gone
                100,
                0));

    driver().awaitSwept();

    assertTrue(stranger.isAlive(), "a process the gateway did not start is never stopped");
    assertEquals(List.of(), recordFiles());
  }

  @Test
  void theInstancesOfAGatewayStillRunningOnTheSameDataDirAreLeftAlone() throws Exception {
    ProcessDriver first = driver();
    Instance instance =
        first
            .start(ServiceFixture.process("app", "sleep", "300").spec("v1", 0), exits)
            .await()
            .atMost(START);
    Process process = first.process(instance).orElseThrow();

    driver().awaitSwept();

    assertTrue(process.isAlive());
    assertEquals(List.of(records().file(instance.id())), recordFiles());
  }

  @Test
  void aRunningInstanceIsRecordedWithItsPidStartTimeAndPortAndForgottenOnceStopped()
      throws Exception {
    ProcessDriver driver = driver();
    Instance instance =
        driver
            .start(
                ServiceFixture.process("app", "sleep", "300")
                    .stopTimeout(Duration.ofSeconds(3))
                    .spec("v7", 1),
                exits)
            .await()
            .atMost(START);
    Process process = driver.process(instance).orElseThrow();

    InstanceRecord record =
        new ObjectMapper().readValue(records().file(instance.id()).toFile(), InstanceRecord.class);
    assertEquals(
        new InstanceRecord(
            instance.id(),
            "app",
            "v7",
            1,
            instance.port(),
            process.pid(),
            ProcStat.of(process.pid()).orElseThrow().startTicks(),
            ProcessHandle.current().pid(),
            ProcStat.self().orElseThrow().startTicks(),
            3000,
            0),
        record);

    driver.stop(instance, Duration.ofSeconds(3)).await().atMost(START);

    assertEquals(List.of(), recordFiles());
  }

  @Test
  void anInstanceThatExitsOnItsOwnLeavesNoRecord() throws Exception {
    ProcessDriver driver = driver();
    driver
        .start(ServiceFixture.process("brief", "true").spec("v1", 0), exits)
        .await()
        .atMost(START);

    await().atMost(START).until(() -> !exits.isEmpty());
    assertEquals(List.of(), recordFiles());
  }

  private ProcessDriver driver() {
    ProcessDriver driver = new ProcessDriver(dataDir);
    drivers.add(driver);
    return driver;
  }

  private InstanceRecords records() {
    return new InstanceRecords(dataDir.toAbsolutePath().resolve("instances"));
  }

  private List<Path> recordFiles() throws IOException {
    Path dir = records().dir();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
