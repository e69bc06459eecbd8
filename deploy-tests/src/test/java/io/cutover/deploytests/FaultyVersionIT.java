package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A bad new version under load: never healthy, crashing inside the bake after the switch, or
 * answering 500s as a canary. Each time the old version keeps serving, the release ends on its own,
 * and clients see no more errors than the gateway needed to decide.
 */
class FaultyVersionIT extends OneServiceSuite {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The load's concurrency: a fault can fail at most the requests in flight on the bad version at
   * the moment the gateway takes it out of the route, one per client.
   */
  private static final int IN_FLIGHT = 16;

  /** Failures sent later than this after the decision would mean the bad version still served. */
  private static final Duration AFTER_DECISION = Duration.ofSeconds(1);

  @Test
  void aVersionThatNeverTurnsHealthyFailsAndNoClientSeesAnError() throws Exception {
    String live = liveVersion();
    gateway.reconfigure("    FAULT_NEVER_HEALTHY: \"1\"", "5s", "");
    Outcome outcome = deployUnderLoad("bluegreen");

    JsonNode release = outcome.release;
    long decisionMs =
        Duration.between(instant(release, "startedAt"), instant(release, "finishedAt")).toMillis();
    print("never-healthy", outcome, decisionMs, "");
    assertEquals("failed", release.path("status").asText(), release::toString);
    assertTrue(release.path("switchedAt").isNull(), "a never-healthy version got traffic");
    // startup-timeout (5 s) counts from each instance's own start; a busy 2-core machine adds
    // seconds of JVM start and stop around it.
    assertTrue(decisionMs < 5_000 + 10_000, "failed " + decisionMs + " ms after start, not ~5 s");
    Gateway.assertNoFailures("never-healthy deploy", outcome.load);
    assertEquals(live, liveVersion());
    assertEquals("200 " + live, Load.once(gateway.proxyPort));
  }

  @Test
  void aVersionThatCrashesInsideTheBakeIsRolledBackAndFailsAtMostTheRequestsInFlight()
      throws Exception {
    String live = liveVersion();
    // Past starting and turning healthy (well under 5 s here), inside the 20 s bake.
    gateway.reconfigure("    FAULT_CRASH_AFTER: \"5s\"", "60s", "  bake: 20s");
    CompletableFuture<Long> firstExit = new CompletableFuture<>();
    Outcome outcome =
        deployUnderLoad(
            "bluegreen",
            instances ->
                // The gateway's children, not ours: onExit() would only poll them, with back-off.
                CompletableFuture.runAsync(
                    () -> {
                      await("an instance of the new version exits")
                          .atMost(Duration.ofSeconds(60))
                          .pollInterval(Duration.ofMillis(10))
                          .until(() -> instances.stream().anyMatch(h -> !h.isAlive()));
                      firstExit.complete(System.currentTimeMillis());
                    }));

    JsonNode release = outcome.release;
    Instant reverted = eventAt(release, "traffic.reverted");
    long decisionMs = reverted.toEpochMilli() - firstExit.getNow(reverted.toEpochMilli());
    print("crash-in-bake", outcome, decisionMs, " inFlightBound=" + IN_FLIGHT);
    assertEquals("rolled_back", release.path("status").asText(), release::toString);
    assertTrue(release.path("reason").asText().contains(" of v"), release::toString);
    assertTrue(!release.path("switchedAt").isNull(), "the crash came before the switch");
    assertTrue(firstExit.isDone(), "no instance of the new version exited");
    assertTrue(
        outcome.failures() <= IN_FLIGHT,
        "clients saw " + outcome.failures() + " failures, more than the requests in flight");
    assertEquals(0, outcome.failuresAfterDecision, "failures after the rollback");
    assertEquals(live, liveVersion());
    assertEquals("200 " + live, Load.once(gateway.proxyPort));
  }

  @Test
  void aCanaryAnsweringErrorsIsStoppedAndClientsSeeNoMoreErrorsThanTheAnalysisNeeded()
      throws Exception {
    String live = liveVersion();
    gateway.reconfigure(
        "    FAULT_ERROR_RATE: \"0.3\"",
        "60s",
        String.join(
            "\n",
            "  analysis:",
            "    min-requests: 20",
            "  canary:",
            "    steps: [{weight: 20, pause: 10s}, {weight: 50, pause: 10s}]"));
    Outcome outcome = deployUnderLoad("canary");

    JsonNode release = outcome.release;
    JsonNode verdict = event(release, "analysis.failed");
    long decisionMs =
        Duration.between(eventAt(release, "traffic.shifted"), instant(verdict, "at")).toMillis();
    JsonNode data = verdict.path("data");
    JsonNode candidate = (data.isTextual() ? JSON.readTree(data.asText()) : data).path("candidate");
    assertTrue(candidate.has("errors"), () -> "analysis.failed without figures: " + verdict);
    long analysed = candidate.path("errors").asLong();
    print(
        "canary-errors",
        outcome,
        decisionMs,
        String.format(
            Locale.ROOT,
            " canaryRequests=%d canaryErrorsAtVerdict=%d bound=%d",
            candidate.path("requests").asLong(),
            analysed,
            analysed + IN_FLIGHT));
    assertEquals("failed", release.path("status").asText(), release::toString);
    assertEquals(0, outcome.load.connErrors(), outcome.load::toString);
    assertTrue(
        outcome.failures() <= analysed + IN_FLIGHT,
        "clients saw "
            + outcome.failures()
            + " errors; the analysis decided on "
            + analysed
            + " (+"
            + IN_FLIGHT
            + " in flight)");
    assertEquals(0, outcome.failuresAfterDecision, "errors after the verdict");
    assertEquals(live, liveVersion());
    assertEquals("200 " + live, Load.once(gateway.proxyPort));
  }

  // ---- one faulty deploy under load ----

  private record Outcome(JsonNode release, Load.Result load, long failuresAfterDecision) {
    long failures() {
      return load.non2xx() + load.connErrors();
    }
  }

  private Outcome deployUnderLoad(String strategy) throws Exception {
    return deployUnderLoad(strategy, instances -> {});
  }

  /** {@code whileRunning} gets the new version's processes once they have all started. */
  private Outcome deployUnderLoad(String strategy, Consumer<List<ProcessHandle>> whileRunning)
      throws Exception {
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(120))) {
      await("warm-up").atMost(Duration.ofSeconds(20)).until(() -> load.result().requests() > 2000);
      String version = version();
      long id = gateway.deploy(version, strategy);
      AtomicReference<List<ProcessHandle>> started = new AtomicReference<>();
      await(version + "'s instances started")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                started.set(gateway.demoInstances(version));
                return started.get().size() == 2; // the service file's instance count
              });
      whileRunning.accept(started.get());
      JsonNode release = gateway.awaitEnded(id, RELEASE_TIMEOUT);
      long decidedAt = Load.now();
      // Traffic on the old version alone for a while: anything failing now is not the fault's.
      long requestsAtDecision = load.result().requests();
      await("traffic after the decision")
          .atMost(Duration.ofSeconds(20))
          .until(() -> load.result().requests() > requestsAtDecision + 2000);
      Load.Result result = load.stop();
      assertTrue(!load.hitDeadline(), "the load ran into its time bound");
      long after = load.failuresSent(decidedAt + AFTER_DECISION.toNanos(), Long.MAX_VALUE);
      return new Outcome(release, result, after);
    }
  }

  private void print(String scenario, Outcome outcome, long decisionMs, String extra) {
    System.out.printf(
        Locale.ROOT,
        "scenario=%s requests=%d non2xx=%d connErrors=%d p99Steady=n/a p99Deploy=n/a"
            + " failed=%d decisionMs=%d status=%s failedAfterDecision=%d%s statuses=%s%n",
        scenario,
        outcome.load.requests(),
        outcome.load.non2xx(),
        outcome.load.connErrors(),
        outcome.failures(),
        decisionMs,
        outcome.release.path("status").asText(),
        outcome.failuresAfterDecision,
        extra,
        outcome.load.statuses());
  }

  // ---- reading the gateway ----

  private String liveVersion() throws IOException, InterruptedException {
    return gateway.getJson("/api/v1/services/" + gateway.service).path("liveVersion").asText();
  }

  private JsonNode event(JsonNode release, String type) throws IOException, InterruptedException {
    List<JsonNode> events = gateway.events(release);
    return events.stream()
        .filter(e -> type.equals(e.path("type").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " event in " + events));
  }

  private Instant eventAt(JsonNode release, String type) throws IOException, InterruptedException {
    return instant(event(release, type), "at");
  }

  private static Instant instant(JsonNode node, String field) {
    return Instant.parse(node.path(field).asText());
  }
}
