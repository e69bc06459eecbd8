package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways on one database: each is a member the other sees; a gateway that starts
 * while the other runs a release leaves that release alone (it is not "interrupted"), refuses a
 * second deploy of the service with 409, and hands a promote to the member that runs the release.
 */
class ClusterIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
  private Gateway first;
  private Gateway second;

  @BeforeEach
  void create() {
    Gateway.assumeDatabase();
    first = Gateway.create("  canary:\n    steps: [{weight: 20, pause: 0s}]");
  }

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void aSecondGatewayLeavesTheFirstOnesReleaseRunningRefusesADeployAndForwardsAPromote()
      throws Exception {
    first.start();
    first.awaitLive(first.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    long canary = first.deploy("v2", "canary");
    awaitStatus(first, canary, "paused");

    second = first.peer();
    second.start();

    assertEquals(
        "paused", status(second, canary), "the second gateway's start did not fail the release");
    await("both members listed")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> members(second).size() == 2);
    assertEquals(members(first), members(second), "any member answers for all");

    HttpResponse<String> again =
        second.post(
            "/api/v1/services/" + second.service + "/deploys",
            "{\"version\":\"v3\",\"strategy\":\"bluegreen\"}");
    assertEquals(409, again.statusCode(), again::body);

    // The dashboard's session is the second member's own: its calls are forwarded all the same.
    String cookie = second.dashboardSession();
    for (String verb : List.of("pause", "resume")) {
      HttpResponse<String> answer =
          second.postAsDashboard("/api/v1/releases/" + canary + "/" + verb, cookie);
      assertEquals(202, answer.statusCode(), () -> verb + " from the dashboard: " + answer.body());
      assertTrue(answer.headers().firstValue("X-Cutover-Member").isPresent(), verb + " forwarded");
    }

    HttpResponse<String> promote = second.post("/api/v1/releases/" + canary + "/promote", "");
    assertEquals(202, promote.statusCode(), promote::body);
    String runner = promote.headers().firstValue("X-Cutover-Member").orElse("");
    assertTrue(members(first).contains(runner), () -> "forwarded to " + runner);

    JsonNode live = first.awaitLive(canary, RELEASE_TIMEOUT);
    assertEquals("v2", live.path("version").asText(), live::toString);
    assertEquals("live", status(second, canary), "the history is one for both");
  }

  @Test
  void whenTheMemberRunningACanaryIsKilledAnotherTakesItOverWithinTheLeaseAndKeepsServing()
      throws Exception {
    first.start();
    first.awaitLive(first.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    long canary = first.deploy("v2", "canary");
    awaitStatus(first, canary, "paused");
    second = first.peer();
    second.start();
    await("the second serves the live version")
        .atMost(RELEASE_TIMEOUT)
        .ignoreExceptions()
        .until(() -> Load.once(second.proxyPort).equals("200 v1"));

    Load.Result result;
    long takenOverMs;
    try (Load load = Load.start(second.proxyPort, Duration.ofSeconds(90))) {
      long killedAt = System.nanoTime();
      first.kill();
      awaitStatus(second, canary, "rolled_back");
      takenOverMs = (System.nanoTime() - killedAt) / 1_000_000;
      int from = load.done();
      await("load after the takeover")
          .atMost(Duration.ofSeconds(30))
          .until(() -> load.done() > from + 1_000);
      result = load.stop();
    }
    JsonNode release = second.getJson("/api/v1/releases/" + canary);
    System.out.printf(
        "scenario=cluster-takeover requests=%d non2xx=%d connErrors=%d p99Steady=n/a p99Deploy=n/a"
            + " takenOverMs=%d status=%s statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        takenOverMs,
        release.path("status").asText(),
        result.statuses());
    Gateway.assertNoFailures("load on the surviving member", result);
    assertTrue(takenOverMs < 10_000 + 5_000, "noticed within the lease and a heartbeat");
    assertTrue(release.path("reason").asText().contains("took it over"), release::toString);
    assertEquals("200 v1", Load.once(second.proxyPort));
  }

  private static void awaitStatus(Gateway gateway, long release, String status) {
    await("release " + release + " " + status)
        .atMost(RELEASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> status.equals(status(gateway, release)));
  }

  private static String status(Gateway gateway, long release) throws Exception {
    return gateway.getJson("/api/v1/releases/" + release).path("status").asText();
  }

  private static Set<String> members(Gateway gateway) throws Exception {
    Set<String> ids = new HashSet<>();
    gateway
        .getJson("/api/v1/cluster/members")
        .path("items")
        .forEach(m -> ids.add(m.path("id").asText()));
    return ids;
  }
}
