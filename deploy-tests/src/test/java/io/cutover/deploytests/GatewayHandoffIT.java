package io.cutover.deploytests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway upgrade as the README gives it, under load: a new gateway starts beside the running one
 * (SO_REUSEPORT on the traffic port), adopts its process instances, binds once it serves the live
 * release, then the old one gets SIGTERM and drains. Not one request fails, and the same processes
 * serve before and after.
 */
class GatewayHandoffIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
  private static final Path MIGRATE_REQ = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
  private Gateway old;
  private Gateway next;

  @BeforeEach
  void create() {
    Gateway.assumeDatabase();
    old = Gateway.create("");
  }

  @AfterEach
  void stop() {
    if (next != null) {
      next.close();
    }
    if (old != null) {
      old.close();
    }
  }

  @Test
  void aNewGatewayTakesThePortOverUnderLoadWithNoFailedRequestAndAdoptsTheSameInstances()
      throws Exception {
    assumeMigratedAcceptQueues();
    old.start();
    old.awaitLive(old.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    List<Long> before = pids(old);
    assertEquals(2, before.size());
    next = old.successor();

    Load.Result result;
    long handoffMs;
    try (Load load = Load.start(old.proxyPort, Duration.ofSeconds(120))) {
      load.awaitMore(500);
      long start = System.nanoTime();
      next.start(); // ready once it restored the live release and listens beside the old one
      old.stop(); // SIGTERM: stops accepting, drains, exits; its instances run on
      handoffMs = (System.nanoTime() - start) / 1_000_000;
      load.awaitMore(1_000); // the new gateway alone
      result = load.stop();
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=gateway-handoff requests=%d non2xx=%d connErrors=%d p99Steady=n/a p99Deploy=n/a"
            + " handoffMs=%d statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        handoffMs,
        result.statuses());
    Gateway.assertNoFailures("load across the handoff", result);
    assertEquals(before, pids(next), "the same processes serve: adopted, none restarted");
    assertEquals(
        2,
        next.logTail(400).lines().filter(line -> line.contains("instance adopted")).count(),
        () -> next.logTail(400));
    assertEquals("200 v1", Load.once(next.proxyPort));
  }

  private static List<Long> pids(Gateway gateway) {
    return gateway.demoInstances("v1").stream().map(ProcessHandle::pid).sorted().toList();
  }

  /**
   * When a SO_REUSEPORT listener closes, the kernel resets the connections still in its accept
   * queue unless it migrates them to another listener of the port (Linux 5.14+). As root, turn it
   * on (.ci/run does); else skip, saying so.
   */
  static void assumeMigratedAcceptQueues() throws IOException {
    if (!Files.isRegularFile(MIGRATE_REQ)) {
      assumeTrue(false, MIGRATE_REQ + " is missing: the kernel is older than 5.14");
    }
    if (Files.readString(MIGRATE_REQ).trim().equals("0")) {
      try {
        Files.writeString(MIGRATE_REQ, "1");
      } catch (IOException notRoot) {
        // told below
      }
    }
    assumeTrue(
        Files.readString(MIGRATE_REQ).trim().equals("1"),
        "net.ipv4.tcp_migrate_req is 0: the old gateway's accept queue would be reset as it closes;"
            + " run `sysctl -w net.ipv4.tcp_migrate_req=1` as root");
  }
}
