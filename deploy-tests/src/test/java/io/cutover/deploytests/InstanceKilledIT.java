package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One demo instance killed with SIGKILL under load, outside any deploy: the gateway stops routing
 * to it at once, and retries the requests it could not send (the goal is zero failed requests).
 */
class InstanceKilledIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);

  /**
   * A couple of health intervals (200 ms) and then some for the 2-core machine; an exiting process
   * is reported at once, a health check notices an unresponsive one within unhealthy-threshold (3)
   * intervals.
   */
  private static final Duration OUT_OF_ROUTING = Duration.ofSeconds(1);

  private Gateway gateway;

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
  }

  @Test
  void anInstanceKilledUnderLoadLeavesTheRoutingTableWithinACoupleOfHealthIntervals()
      throws Exception {
    gateway.start();
    gateway.awaitLive(gateway.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    List<ProcessHandle> instances = gateway.demoInstances();
    assertEquals(2, instances.size(), () -> "demo instances: " + describe(instances));
    ProcessHandle victim = instances.get(0);
    String port =
        Gateway.environ(victim.pid(), "PORT")
            .orElseThrow(() -> new AssertionError("process " + victim.pid() + " has no PORT"));
    String address = "127.0.0.1:" + port;
    assertEquals("healthy", stateOf(address), () -> address + " before the kill");

    Load.Result result;
    long outOfRoutingMillis;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(60))) {
      await("warm-up").atMost(Duration.ofSeconds(20)).until(() -> load.result().requests() > 3000);
      long killedAt = System.nanoTime();
      victim.destroyForcibly(); // SIGKILL: no drain, no goodbye
      await(address + " out of the routing table")
          .atMost(OUT_OF_ROUTING)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !"healthy".equals(stateOf(address)));
      outOfRoutingMillis = (System.nanoTime() - killedAt) / 1_000_000;
      long after = load.result().requests();
      await("load on the surviving instance")
          .atMost(Duration.ofSeconds(20))
          .until(() -> load.result().requests() > after + 3000);
      result = load.stop();
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=instance-killed requests=%d non2xx=%d connErrors=%d p99Steady=n/a p99Deploy=n/a"
            + " failed=%d outOfRoutingMs=%d instanceState=%s statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        result.non2xx() + result.connErrors(),
        outOfRoutingMillis,
        stateOf(address),
        result.statuses());
    assertTrue(result.requests() > 0, "no request was sent");
  }

  /** The state of the instance at this address, or "gone" when the service lists it no more. */
  private String stateOf(String address) throws IOException, InterruptedException {
    return gateway.instances().stream()
        .filter(instance -> address.equals(instance.path("address").asText()))
        .map(instance -> instance.path("state").asText())
        .findFirst()
        .orElse("gone");
  }

  private static String describe(List<ProcessHandle> processes) {
    return processes.stream()
        .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
        .toList()
        .toString();
  }
}
