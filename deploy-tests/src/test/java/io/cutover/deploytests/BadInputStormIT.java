package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-input storm: 1,000 random and malformed inputs (admin API bodies, paths and tokens;
 * service files; HTTP requests broken at the protocol level on both ports) while traffic flows.
 * Every one gets a 4xx (a refused file: a reload that lists it), none a 5xx or a hang; the traffic
 * sees no failure; the release history is untouched; and the next deploy still goes live.
 *
 * <p>Each input says what a correct answer is ({@link BadInput.Expect}); the only ones allowed to
 * go unanswered ({@code noAnswer}) are broken chunked bodies on the admin port, where Quarkus'
 * server cuts the connection and offers no hook to answer instead (the traffic port answers 400). A
 * read timeout is a hang, and fails the run.
 *
 * <p>The inputs come from a seeded {@link Random}: the seed is printed, and {@code
 * -Dstorm.seed=<seed>} replays the same storm.
 */
class BadInputStormIT {
  private static final int INPUTS = 1_000;
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> RECORD_FIELDS =
      List.of(
          "id",
          "service",
          "version",
          "strategy",
          "status",
          "trigger",
          "previousReleaseId",
          "createdAt",
          "startedAt",
          "switchedAt",
          "finishedAt",
          "reason");

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
  void aThousandBadInputsGet4xxWhileTrafficFlowsAndTheHistoryStaysIntact() throws Exception {
    long seed = Long.getLong("storm.seed", System.nanoTime());
    System.out.println("bad-input storm seed=" + seed + " (replay: -Dstorm.seed=" + seed + ")");
    gateway.start();
    gateway.awaitLive(gateway.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    long live = gateway.deploy("v2", "bluegreen");
    gateway.awaitLive(live, RELEASE_TIMEOUT);
    Map<Long, String> before = releaseRecords();
    assertEquals(2, before.size(), () -> "two releases before the storm: " + before);

    StormTally tally = new StormTally();
    long stormMillis;
    Load.Result result;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(180))) {
      await("traffic flows")
          .atMost(Duration.ofSeconds(20))
          .until(() -> load.result().requests() > 500);
      long start = System.nanoTime();
      storm(new Random(seed), new ArrayList<>(before.keySet()), live, tally);
      stormMillis = (System.nanoTime() - start) / 1_000_000;
      result = load.stop();
    }

    boolean alive = gateway.alive();
    int ready = alive ? gateway.get("/q/health/ready").statusCode() : -1;
    Map<Long, String> after = alive ? releaseRecords() : Map.of();
    boolean releasesIntact = before.equals(after);
    int refusedAfter = alive ? refusedFiles() : -1;
    String nextDeploy = alive ? nextDeployGoesLive() : "gateway-down";
    System.out.printf(
        Locale.ROOT,
        "scenario=bad-input-storm requests=%d non2xx=%d connErrors=%d p99Steady=n/a p99Deploy=n/a"
            + " inputs=%d answers=%s fiveXx=%d noAnswer=%d hung=%d violations=%d"
            + " releasesIntact=%b ready=%d refusedAfter=%d nextDeploy=%s families=%s stormMs=%d"
            + " seed=%d%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        tally.inputs(),
        tally.answers(),
        tally.fiveXx(),
        tally.noAnswer(),
        tally.hung(),
        tally.violationCount(),
        releasesIntact,
        ready,
        refusedAfter,
        nextDeploy,
        tally.families(),
        stormMillis,
        seed);
    if (tally.violationCount() > 0 || !releasesIntact || !alive) {
      System.out.println("violations (first ones):\n" + tally.violations());
      System.out.println("gateway log:\n" + gateway.logTail(80));
    }

    assertTrue(alive, "the gateway process died during the storm");
    assertEquals(
        0, tally.hung(), () -> "inputs the gateway never answered:\n" + tally.violations());
    assertEquals(INPUTS, tally.inputs(), "every input was sent");
    assertEquals(0, tally.fiveXx(), () -> "5xx answers:\n" + tally.violations());
    assertEquals(
        0, tally.violationCount(), () -> "answers that break the rule:\n" + tally.violations());
    Gateway.assertNoFailures("traffic during the storm", result);
    assertTrue(result.requests() > 1_000, () -> "too little traffic to judge: " + result);
    assertEquals(200, ready, "/q/health/ready after the storm");
    assertEquals(before, after, "release records before and after the storm");
    assertEquals(0, refusedAfter, "service files refused once the storm's files are gone");
    assertEquals("live", nextDeploy, "a normal deploy after the storm");
  }

  /** Sends the inputs one after the other, each to the tally; stops early on repeated hangs. */
  private void storm(Random random, List<Long> releaseIds, long liveReleaseId, StormTally tally)
      throws IOException {
    AdminBodyStorm admin =
        new AdminBodyStorm(gateway.adminPort, gateway.token(), gateway.service, releaseIds);
    ServiceFileStorm files = new ServiceFileStorm(gateway, liveReleaseId);
    RawRequestStorm traffic = RawRequestStorm.traffic(gateway);
    RawRequestStorm adminHttp = RawRequestStorm.admin(gateway);
    for (int i = 0; i < INPUTS; i++) {
      int family = random.nextInt(100);
      BadInput input =
          family < 40
              ? admin.next(random)
              : family < 52
                  ? files.next(random)
                  : family < 90 ? traffic.next(random) : adminHttp.next(random);
      try {
        tally.answered(i, input, input.sender().send());
      } catch (RawHttp.Hung e) {
        tally.hung(i, input, e);
      } catch (Exception | AssertionError e) {
        tally.failed(i, input, e);
      }
      if (tally.hung() >= 3 || (i % 50 == 0 && !gateway.alive())) {
        return; // each hang costs a read timeout; three say enough
      }
    }
  }

  /**
   * Each release of the service as the history lists it and as {@code GET /api/v1/releases/{id}}
   * shows it, reduced to the fields that identify it and its state.
   */
  private Map<Long, String> releaseRecords() throws IOException, InterruptedException {
    Map<Long, String> records = new TreeMap<>();
    JsonNode page = gateway.getJson("/api/v1/services/" + gateway.service + "/releases");
    for (JsonNode listed : page.path("items")) {
      long id = listed.path("id").asLong();
      JsonNode one = gateway.getJson("/api/v1/releases/" + id);
      String fromList = identity(listed);
      String fromOne = identity(one);
      records.put(id, fromList.equals(fromOne) ? fromOne : "list " + fromList + " one " + fromOne);
    }
    return records;
  }

  private static String identity(JsonNode release) {
    ObjectNode kept = ((ObjectNode) release).objectNode();
    RECORD_FIELDS.forEach(field -> kept.set(field, release.path(field)));
    return kept.toString();
  }

  /** Files the gateway refuses after a reload: none, once every storm file is gone again. */
  private int refusedFiles() throws IOException, InterruptedException {
    HttpResponse<String> reload = gateway.post("/api/v1/services/reload", "");
    assertEquals(200, reload.statusCode(), reload::body);
    return new ObjectMapper().readTree(reload.body()).path("refused").size();
  }

  /** Deploys v3 and says whether it went live (else why not). */
  private String nextDeployGoesLive() {
    try {
      gateway.awaitLive(gateway.deploy("v3", "bluegreen"), RELEASE_TIMEOUT);
      String served = Load.once(gateway.proxyPort);
      return served.trim().equals("200 v3") ? "live" : "served:" + served.trim();
    } catch (RuntimeException | AssertionError e) {
      return "failed:" + String.valueOf(e.getMessage()).replaceAll("\\s+", "_");
    }
  }
}
