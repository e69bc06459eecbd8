package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's PostgreSQL stopped under load and started again: the proxy serves every request
 * meanwhile, deploys and history answer 503 problems, and once the server is back deploys work
 * again with no release record lost. The gateway gets a PostgreSQL server of its own (the embedded
 * one), as stopping the machine's shared cluster would break everybody else's runs.
 */
class DatabaseOutageIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);

  /** How long deploys are tried against the stopped database while the load runs. */
  private static final Duration OUTAGE = Duration.ofSeconds(5);

  /** From the restart of PostgreSQL until a deploy is accepted; the pool reconnects on demand. */
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  private static final String PROBLEM = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OwnPostgres postgres;
  private Gateway gateway;

  @BeforeEach
  void create() throws IOException {
    Gateway.assumeJar();
    postgres = OwnPostgres.start();
  }

  /** A gateway on this test's PostgreSQL. */
  private Gateway startGateway(String extraDeployYaml) {
    gateway = postgres.connect(Gateway.create(extraDeployYaml));
    return gateway.start();
  }

  @AfterEach
  void stop() throws IOException {
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  @Test
  void theProxyServesThroughADatabaseOutageAndDeploysWorkAgainOnceItIsBack() throws Exception {
    startGateway("");
    long v1 = gateway.deploy("v1", "bluegreen");
    JsonNode v1Before = gateway.awaitLive(v1, RELEASE_TIMEOUT);
    String deploys = "/api/v1/services/" + gateway.service + "/deploys";
    String history = "/api/v1/services/" + gateway.service + "/releases";

    Load.Result result;
    Load.Result beforeOutage;
    double p99Steady;
    double p99Outage;
    long outageMillis;
    long recoveredMillis;
    Map<Integer, Integer> deployAnswers = new TreeMap<>();
    long v2;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(75))) {
      await("warm-up").atMost(Duration.ofSeconds(20)).until(() -> load.result().requests() > 2000);
      long steadyFrom = Load.now();
      await("steady load")
          .atMost(Duration.ofSeconds(20))
          .until(() -> load.requestsSent(steadyFrom, Load.now()) > 2000);

      long stoppedAt = Load.now();
      beforeOutage = load.result();
      postgres.stop(); // pg_ctl stop, fast mode: sessions are cut, the server process exits
      await("the gateway sees the database down")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> databaseState().equals("down"));

      AtomicReference<HttpResponse<String>> lastDeploy = new AtomicReference<>();
      long triesFrom = Load.now();
      await("deploys tried for " + OUTAGE.toSeconds() + " s of outage")
          .atMost(OUTAGE.multipliedBy(4))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                HttpResponse<String> answer = gateway.post(deploys, "{\"version\":\"v2\"}");
                lastDeploy.set(answer);
                deployAnswers.merge(answer.statusCode(), 1, Integer::sum);
                assertProblem503("POST deploy during the outage", answer);
                return Load.now() - triesFrom >= OUTAGE.toNanos();
              });
      System.out.println("deploy during the outage: " + lastDeploy.get().body());
      HttpResponse<String> historyDown = gateway.get(history);
      assertProblem503("GET release history during the outage", historyDown);
      System.out.println("release history during the outage: " + historyDown.body());
      assertEquals(
          "v1",
          gateway.getJson("/api/v1/services/" + gateway.service).path("liveVersion").asText(),
          "the service view answers from memory and still shows v1 live");
      assertEquals("200 v1", Load.once(gateway.proxyPort), "v1 still serves");
      assertEquals(200, gateway.get("/q/health/live").statusCode(), "the gateway stays live");
      assertEquals(200, gateway.get("/q/health/ready").statusCode(), "and ready (by design)");

      long restartedAt = Load.now();
      outageMillis = (restartedAt - stoppedAt) / 1_000_000;
      p99Outage = load.p99Millis(stoppedAt, restartedAt);
      p99Steady = load.p99Millis(steadyFrom, stoppedAt);
      Load.Result duringOutage = minus(load.result(), beforeOutage);
      Gateway.assertNoFailures("load during the outage", duringOutage);
      assertTrue(duringOutage.requests() > 0, "no request was sent during the outage");

      postgres.restart();
      AtomicReference<HttpResponse<String>> accepted = new AtomicReference<>();
      await("a deploy accepted after PostgreSQL is back")
          .atMost(RECOVERY)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                accepted.set(gateway.post(deploys, "{\"version\":\"v2\"}"));
                return accepted.get().statusCode() != 503;
              });
      recoveredMillis = (Load.now() - restartedAt) / 1_000_000;
      assertEquals(202, accepted.get().statusCode(), () -> "deploy v2: " + accepted.get().body());
      v2 = JSON.readTree(accepted.get().body()).get("id").asLong();
      gateway.awaitLive(v2, RELEASE_TIMEOUT);
      assertEquals("200 v2", Load.once(gateway.proxyPort), "v2 serves once live");
      result = load.stop();
    } catch (RuntimeException | Error e) {
      System.out.println("gateway log:\n" + gateway.logTail(80));
      throw e;
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=database-outage requests=%d non2xx=%d connErrors=%d p99Steady=%.1fms"
            + " p99Deploy=n/a p99Outage=%.1fms outageMs=%d deployAnswersDuringOutage=%s"
            + " recoveredMs=%d statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        p99Steady,
        p99Outage,
        outageMillis,
        deployAnswers,
        recoveredMillis,
        result.statuses());
    Gateway.assertNoFailures("load across the outage and the v2 deploy", result);
    assertEquals(Set.of(503), deployAnswers.keySet(), "every deploy during the outage: 503");
    assertTrue(deployAnswers.get(503) >= 5, () -> "deploys tried: " + deployAnswers);

    JsonNode items = gateway.getJson(history + "?limit=500").path("items");
    List<JsonNode> releases = StreamSupport.stream(items.spliterator(), false).toList();
    assertEquals(2, releases.size(), () -> "exactly v1 and v2 recorded: " + items);
    JsonNode v2After = releases.get(0);
    JsonNode v1After = releases.get(1);
    assertEquals(v2, v2After.path("id").asLong(), () -> "newest first: " + items);
    assertEquals("live", v2After.path("status").asText(), () -> "v2: " + v2After);
    assertEquals(v1, v1After.path("id").asLong(), () -> "v1: " + v1After);
    assertEquals("superseded", v1After.path("status").asText(), () -> "v1: " + v1After);
    for (String field : List.of("version", "strategy", "createdAt", "startedAt", "switchedAt")) {
      assertEquals(
          v1Before.path(field), v1After.path(field), () -> "v1 " + field + " kept: " + v1After);
    }
  }

  /**
   * Not in the list, but the likely case in real life: PostgreSQL stops while a deploy
   * runs. The deploy ends on the gateway's own (here: its bake passes, v2 goes live) and its end is
   * written down once PostgreSQL is back, so the service is not held by a release that looks
   * running forever.
   */
  @Test
  void aDeployRunningWhenTheDatabaseStopsIsRecordedOnceItIsBack() throws Exception {
    startGateway("  bake: 4s\n  analysis: {min-requests: 0}");
    gateway.awaitLive(gateway.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    String service = "/api/v1/services/" + gateway.service;
    Load.Result result;
    long recordedMillis;
    long v2;
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(75))) {
      v2 = gateway.deploy("v2", "bluegreen");
      await("v2 switched and baking")
          .atMost(RELEASE_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !gateway.getJson("/api/v1/releases/" + v2).path("switchedAt").isNull());
      postgres.stop();
      await("the rollout of v2 over while the database is down")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> gateway.getJson(service).path("runningReleaseId").isNull());
      JsonNode view = gateway.getJson(service);
      System.out.println(
          "after the rollout, database down: liveVersion="
              + view.path("liveVersion").asText()
              + " proxy="
              + Load.once(gateway.proxyPort));

      long restartedAt = Load.now();
      postgres.restart();
      AtomicReference<JsonNode> recorded = new AtomicReference<>();
      try {
        await("the end of release " + v2 + " recorded")
            .atMost(RECOVERY)
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(
                () -> {
                  recorded.set(gateway.getJson("/api/v1/releases/" + v2));
                  return !Set.of("pending", "deploying", "paused")
                      .contains(recorded.get().path("status").asText());
                });
      } finally {
        System.out.println("release " + v2 + " after PostgreSQL is back: " + recorded.get());
      }
      recordedMillis = (Load.now() - restartedAt) / 1_000_000;
      assertEquals("v2", view.path("liveVersion").asText(), () -> "v2 went live: " + view);
      assertEquals(
          "live", recorded.get().path("status").asText(), () -> "recorded: " + recorded.get());
      long v3 = gateway.deploy("v3", "bluegreen");
      gateway.awaitLive(v3, RELEASE_TIMEOUT);
      result = load.stop();
    } catch (RuntimeException | Error e) {
      System.out.println("gateway log:\n" + gateway.logTail(80));
      throw e;
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=database-outage-mid-deploy requests=%d non2xx=%d connErrors=%d p99Steady=n/a"
            + " p99Deploy=n/a recordedAfterRestartMs=%d statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        recordedMillis,
        result.statuses());
    Gateway.assertNoFailures("load across the deploys and the outage", result);
  }

  /** The {@code database} entry of {@code /q/health/ready}: up or down. */
  private String databaseState() throws IOException, InterruptedException {
    return OwnPostgres.healthData(gateway).path("database").asText("missing");
  }

  private static void assertProblem503(String what, HttpResponse<String> answer)
      throws IOException {
    assertEquals(503, answer.statusCode(), () -> what + ": " + answer.body());
    String type = answer.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.startsWith(PROBLEM), () -> what + ": content type " + type);
    String detail = JSON.readTree(answer.body()).path("detail").asText();
    assertTrue(
        detail.contains("database is unavailable") && detail.contains("keeps serving"),
        () -> what + ": the detail must say what is wrong, got " + detail);
  }

  private static Load.Result minus(Load.Result after, Load.Result before) {
    Map<Integer, Long> statuses = new TreeMap<>(after.statuses());
    before.statuses().forEach((status, count) -> statuses.merge(status, -count, Long::sum));
    return new Load.Result(
        after.requests() - before.requests(),
        after.non2xx() - before.non2xx(),
        after.connErrors() - before.connErrors(),
        statuses);
  }
}
