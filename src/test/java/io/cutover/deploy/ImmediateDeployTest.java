package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.routing.LiveRouteTable;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Immediate deploys (old instances stop before the new start) of real demo-app processes through
 * the real proxy, under load: with {@code hold} requests wait out the gap, without they fail in it.
 */
@QuarkusTest
class ImmediateDeployTest {
  private static final String HOLD = "deploy: {strategy: immediate, immediate: {hold: 30s}}\n";
  // Longer than the hold: a held request must count as answered late, not as failed.
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);
  // A 503 answered just before the new version became routable may reach the client a bit later.
  private static final Duration IN_TRANSIT = Duration.ofSeconds(1);

  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;
  @Inject LiveRouteTable routes;

  private Vertx vertx;
  private DeployScenario scenario;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    scenario = new DeployScenario(executor, history, services);
  }

  @AfterEach
  void stop() throws Exception {
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void threeImmediateDeploysWithAHoldFailNoRequestTheyOnlyWait() throws Exception {
    // Given two instances of v1, a 30s hold and eight clients
    scenario.configure(2, "", HOLD);
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1", "immediate").getStatus());
    LoadClient load =
        LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8, CLIENT_TIMEOUT);
    try {
      // When v2, v3 and v4 replace them one after the other
      for (int i = 2; i <= 4; i++) {
        Release release = scenario.deployAndAwait("v" + i, "immediate");
        assertEquals(ReleaseStatus.LIVE, release.getStatus(), release.getReason());
        assertNotNull(release.getSwitchedAt());
      }
    } finally {
      load.stop();
    }
    System.out.println("immediate with hold, 3 deploys of 2 instances: " + load);
    // Then every request was answered by some version; the gaps cost only latency
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertTrue(load.bodies().containsKey("v4"), load.toString());
    assertTrue(load.slowest().compareTo(Duration.ofSeconds(30)) < 0, load.toString());
  }

  @Test
  void withoutAHoldOnlyRequestsInTheGapFailAndEachWithA503() throws Exception {
    // Given two instances of v1, no hold, and eight clients
    scenario.configure(2, "", "deploy: {strategy: immediate}\n");
    scenario.deployAndAwait("v1", "immediate");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> RoutedInstancesSampler.routed(routes.current().service(scenario.service)) == 2);
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release v2;
    try {
      // When v2 replaces them
      v2 = scenario.deployAndAwait("v2", "immediate");
    } finally {
      load.stop();
    }
    assertEquals(ReleaseStatus.LIVE, v2.getStatus(), v2.getReason());
    // Then the gap runs from the release start (old instances leave the table first) to the new
    // instances being healthy, and every failure is a 503 inside it
    List<ReleaseEvent> events = history.events(v2.getId()).await().atMost(Duration.ofSeconds(10));
    Instant gapStart = at(events, "release.started");
    Instant gapEnd = at(events, "instances.healthy");
    List<LoadClient.Failure> failures = load.failures();
    System.out.println(
        "immediate without hold: "
            + load
            + "; gap "
            + Duration.between(gapStart, gapEnd).toMillis()
            + "ms, failures in it: "
            + failures.size()
            + (failures.isEmpty()
                ? ""
                : ", first +"
                    + Duration.between(gapStart, failures.get(0).at()).toMillis()
                    + "ms, last +"
                    + Duration.between(gapStart, failures.get(failures.size() - 1).at()).toMillis()
                    + "ms"));
    assertEquals(0, load.connectionErrors(), load.toString());
    assertEquals(load.non2xx(), load.status(503), load.toString());
    assertTrue(failures.size() > 0, "without a hold the gap shows as 503s: " + load);
    for (LoadClient.Failure failure : failures) {
      assertEquals(503, failure.status(), failure.toString());
      assertTrue(
          !failure.at().isBefore(gapStart) && failure.at().isBefore(gapEnd.plus(IN_TRANSIT)),
          failure + " outside the gap " + gapStart + " .. " + gapEnd);
    }
    assertTrue(load.bodies().containsKey("v2"), load.toString());
  }

  @Test
  void aNeverHealthyImmediateVersionIsRolledBackAndHeldRequestsReachTheOldOne() throws Exception {
    // Given two instances of v1 and a 30s hold
    scenario.configure(2, "", HOLD);
    scenario.deployAndAwait("v1", "immediate");
    // And a config change that makes the next version never healthy
    scenario.configure(
        2,
        "FAULT_NEVER_HEALTHY: \"1\"",
        "{interval: 200ms, timeout: 1s, healthy-threshold: 2, unhealthy-threshold: 2, startup-timeout: 15s}",
        HOLD);
    LoadClient load =
        LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8, CLIENT_TIMEOUT);
    Release v2;
    try {
      // When v2 replaces them
      v2 = scenario.deployAndAwait("v2", "immediate");
    } finally {
      load.stop();
    }
    System.out.println("immediate with hold, never healthy: " + load);
    // Then v1 was started again, with the config it ran with, and took the held requests
    assertEquals(ReleaseStatus.ROLLED_BACK, v2.getStatus(), v2.getReason());
    List<ReleaseEvent> events = history.events(v2.getId()).await().atMost(Duration.ofSeconds(10));
    assertTrue(
        events.stream().anyMatch(e -> e.getType().equals("instances.restored")), "" + events);
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
    assertEquals(2, RoutedInstancesSampler.routed(routes.current().service(scenario.service)));
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(List.of("v1"), List.copyOf(load.bodies().keySet()), load.toString());
  }

  private static Instant at(List<ReleaseEvent> events, String type) {
    return events.stream()
        .filter(e -> e.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + events))
        .getAt();
  }
}
