package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway process stopped with SIGTERM and started again with the same folders and database:
 * the live release and its routes come back, and no release record is lost.
 */
class GatewayRestartIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
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
  void aRestartedGatewayServesItsLiveReleaseAgainAndKeepsEveryReleaseRecord() throws Exception {
    gateway.start();
    List<Long> releases = new ArrayList<>();
    releases.add(gateway.deploy("v1", "bluegreen"));
    gateway.awaitLive(releases.get(0), RELEASE_TIMEOUT);
    Load.Result before;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(60))) {
      releases.add(gateway.deploy("v2", "bluegreen"));
      gateway.awaitLive(releases.get(1), RELEASE_TIMEOUT);
      before = load.stop();
    }
    Gateway.assertNoFailures("load before the restart", before);

    gateway.stop();
    gateway.start();

    long restarted = System.nanoTime();
    await("the live release answers again after the restart")
        .atMost(RELEASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> Load.once(gateway.proxyPort).startsWith("200 "));
    long firstOkMillis = (System.nanoTime() - restarted) / 1_000_000;
    assertEquals("200 v2", Load.once(gateway.proxyPort), "the live version answers");

    Load.Result after;
    double p99After;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(3))) {
      long from = Load.now();
      await("3 s of load after the restart")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(load::hitDeadline);
      after = load.stop();
      p99After = load.p99Millis(from, Load.now());
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=gateway-restart requests=%d non2xx=%d connErrors=%d p99Steady=n/a"
            + " p99Deploy=n/a p99AfterRestart=%.1fms firstOkAfterReadyMs=%d statuses=%s%n",
        after.requests(),
        after.non2xx(),
        after.connErrors(),
        p99After,
        firstOkMillis,
        after.statuses());
    Gateway.assertNoFailures("load after the restart", after);
    assertTrue(after.requests() > 0, "no request was sent after the restart");

    JsonNode service = gateway.getJson("/api/v1/services/" + gateway.service);
    assertEquals("v2", service.path("liveVersion").asText(), () -> "service: " + service);
    JsonNode history =
        gateway.getJson("/api/v1/services/" + gateway.service + "/releases?limit=500");
    Map<Long, String> statusById = new java.util.HashMap<>();
    StreamSupport.stream(history.path("items").spliterator(), false)
        .forEach(r -> statusById.put(r.path("id").asLong(), r.path("status").asText()));
    assertTrue(
        statusById.keySet().containsAll(releases),
        () -> "releases " + releases + " must all be listed, got " + history);
    assertEquals("superseded", statusById.get(releases.get(0)), () -> "history: " + history);
    assertEquals("live", statusById.get(releases.get(1)), () -> "history: " + history);

    // A deploy sent the moment the gateway is ready again waits for the restore instead of
    // racing it: it builds on the restored live release and is not failed as "interrupted".
    gateway.stop();
    gateway.start();
    long v3 = gateway.deploy("v3", "bluegreen");
    JsonNode live = gateway.awaitLive(v3, RELEASE_TIMEOUT);
    assertEquals(releases.get(1), live.path("previousReleaseId").asLong(), live::toString);
    assertEquals("200 v3", Load.once(gateway.proxyPort));
  }
}
