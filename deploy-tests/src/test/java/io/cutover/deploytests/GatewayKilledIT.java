package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway killed with SIGKILL, or stopped with SIGTERM while it boots: the instances
 * of a killed gateway are adopted by the next one as they run, a stop during boot is quiet and
 * leaves nothing the next gateway does not adopt or stop, and no instance ever sees the gateway's
 * token or database password.
 */
class GatewayKilledIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);

  private Gateway gateway;
  private final List<ProcessHandle> orphans = new ArrayList<>();

  @BeforeEach
  void create() {
    Gateway.assumeDatabase();
    gateway = Gateway.create("");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    orphans.forEach(ProcessHandle::destroyForcibly); // ours, should a check above have failed
  }

  @Test
  void theInstancesOfAKilledGatewayAreAdoptedByTheNextAndNeverSawItsSecrets() throws Exception {
    gateway.start();
    gateway.awaitLive(gateway.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    List<ProcessHandle> instances = gateway.demoInstances("v1");
    assertEquals(2, instances.size());
    long gatewayPid = gateway.handle().pid();
    String password = System.getenv("QUARKUS_DATASOURCE_PASSWORD");
    assertEquals(gateway.token(), Gateway.environ(gatewayPid, "CUTOVER_ADMIN_TOKEN").orElse(null));
    assertEquals(password, Gateway.environ(gatewayPid, "QUARKUS_DATASOURCE_PASSWORD").orElse(null));
    for (ProcessHandle instance : instances) {
      assertEquals("v1", Gateway.environ(instance.pid(), "VERSION").orElse(null));
      assertTrue(Gateway.environ(instance.pid(), "CUTOVER_ADMIN_TOKEN").isEmpty());
      assertTrue(Gateway.environ(instance.pid(), "QUARKUS_DATASOURCE_PASSWORD").isEmpty());
      String all = Files.readString(Path.of("/proc", "" + instance.pid(), "environ"));
      assertFalse(all.contains(gateway.token()), "the token reached pid " + instance.pid());
    }
    assertEquals(2, records().size());

    orphans.addAll(gateway.kill());
    assertTrue(orphans.stream().allMatch(ProcessHandle::isAlive), "they outlive the killed one");
    assertEquals(2, records().size(), "and stay recorded");

    gateway.start();

    await("the live release answers again")
        .atMost(RELEASE_TIMEOUT)
        .ignoreExceptions()
        .until(() -> Load.once(gateway.proxyPort).equals("200 v1"));
    List<ProcessHandle> restored = gateway.demoInstances("v1");
    assertEquals(
        orphans.stream().map(ProcessHandle::pid).sorted().toList(),
        restored.stream().map(ProcessHandle::pid).sorted().toList(),
        "the same processes serve again: adopted, not started anew");
    assertTrue(orphans.stream().allMatch(ProcessHandle::isAlive));
    assertEquals(2, records().size());
    assertEquals(
        2,
        gateway.logTail(400).lines().filter(line -> line.contains("instance adopted")).count(),
        () -> gateway.logTail(400));
  }

  @Test
  void aGatewayStoppedWhileItBootsLogsNoErrorAndLeavesNothingTheNextDoesNotAdoptOrStop()
      throws Exception {
    Instant testStart = Instant.now();
    gateway.start();
    gateway.awaitLive(gateway.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    gateway.stop();

    // As early as the log shows the boot, once the proxy listens, while the restore adopts the
    // instances the previous one left.
    for (String bootLine : List.of("", "proxy listened", "instance adopted")) {
      long logAt = Files.size(gateway.log());
      gateway.launch();
      await("the gateway booting: " + bootLine)
          .atMost(RELEASE_TIMEOUT)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> Files.size(gateway.log()) > logAt && newLog(logAt).contains(bootLine));

      gateway.stop(); // SIGTERM: what it started or adopted runs on, for the next one

      String log = newLog(logAt);
      assertFalse(log.contains("Shutdown in progress"), log);
      // Its own stop is no error: not of the driver, nor of the restore it cut short.
      assertTrue(
          log.lines()
              .filter(line -> line.contains(" ERROR "))
              .noneMatch(
                  line ->
                      Stream.of("[ProcessDriver]", "[LocalProcess]", "[ReleaseRestore]")
                          .anyMatch(line::contains)),
          log);
    }
    gateway.start();
    await("the live release answers again")
        .atMost(RELEASE_TIMEOUT)
        .ignoreExceptions()
        .until(() -> Load.once(gateway.proxyPort).equals("200 v1"));
    await("only the live release's two instances are left")
        .atMost(Duration.ofSeconds(30))
        .until(() -> demoProcessesSince(testStart).size() == 2);
  }

  private String newLog(long from) throws IOException {
    byte[] all = Files.readAllBytes(gateway.log());
    return new String(all, (int) from, all.length - (int) from);
  }

  /** Demo apps of this worktree started since then: what the gateway under test started. */
  private static List<ProcessHandle> demoProcessesSince(Instant since) {
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().orElse("").contains(Gateway.DEMO_CLASSES.toString()))
        .filter(h -> h.info().startInstant().map(at -> !at.isBefore(since)).orElse(false))
        .filter(ProcessHandle::isAlive)
        .toList();
  }

  private List<Path> records() throws IOException {
    Path dir = gateway.dataDir.resolve("instances");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
