package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway started while its PostgreSQL is down: it starts, serves a static service from the
 * last-known routes of its data directory, says so in {@code /q/health}, and once PostgreSQL is
 * back migrates, restores the history's live release (keeping the instances that serve) and takes
 * deploys again. Under load from the first answer on, no request fails.
 */
class StartWithDatabaseDownIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private OwnPostgres postgres;
  private Gateway gateway;
  private HttpServer backend;
  private ExecutorService backendThreads;

  @BeforeEach
  void create() throws IOException {
    Gateway.assumeJar();
    postgres = OwnPostgres.start();
    backendThreads = Executors.newFixedThreadPool(8);
    backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    backend.setExecutor(backendThreads);
    backend.createContext(
        "/",
        exchange -> {
          byte[] body = "v1".getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    backend.start();
  }

  @AfterEach
  void stop() throws IOException {
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      backend.stop(0);
      backendThreads.shutdownNow();
      postgres.close();
    }
  }

  @Test
  void aGatewayStartedWithTheDatabaseDownServesItsLastKnownRoutesAndRestoresOnceItIsBack()
      throws Exception {
    gateway = postgres.connect(Gateway.create(""));
    Files.writeString(gateway.serviceFile(), staticService());
    gateway.start();
    String target = "127.0.0.1:" + backend.getAddress().getPort();
    long v1 = deploy("{\"version\":\"v1\",\"targets\":[\"" + target + "\"]}");
    gateway.awaitLive(v1, RELEASE_TIMEOUT);
    Path lastKnown = gateway.dataDir.resolve("last-known-routes.json");
    await("the last-known routes written")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> Files.readString(lastKnown).contains(target));
    System.out.println("last-known routes: " + Files.readString(lastKnown));

    gateway.stop();
    postgres.stop();

    long startedAt = Load.now();
    gateway.start(); // ready: before this change, Flyway's migration at start ended the gateway
    long readyMillis = (Load.now() - startedAt) / 1_000_000;
    Load.Result result;
    long firstAnswerMillis;
    long restoredMillis;
    try {
      await("the proxy serves v1 from the last-known routes")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> Load.once(gateway.proxyPort).equals("200 v1"));
      firstAnswerMillis = (Load.now() - startedAt) / 1_000_000;
      JsonNode down = databaseCheck();
      assertEquals("down", down.path("database").asText(), down::toString);
      assertEquals("last-known", down.path("routes").asText(), down::toString);
      assertEquals("pending", down.path("migration").asText(), down::toString);
      assertEquals(200, gateway.get("/q/health/ready").statusCode(), "ready: the proxy serves");

      try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(90))) {
        await("load while the database is down")
            .atMost(Duration.ofSeconds(30))
            .until(() -> load.result().requests() > 2000);
        HttpResponse<String> history = gateway.get(history());
        assertEquals(503, history.statusCode(), history::body);
        HttpResponse<String> deployDown =
            gateway.post(deploys(), "{\"version\":\"v2\",\"targets\":[\"" + target + "\"]}");
        assertEquals(503, deployDown.statusCode(), deployDown::body);
        assertTrue(deployDown.body().contains("database is unavailable"), deployDown::body);

        long restartedAt = Load.now();
        postgres.restart();
        AtomicReference<JsonNode> check = new AtomicReference<>();
        await("migration and restore once PostgreSQL is back")
            .atMost(RECOVERY)
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(
                () -> {
                  check.set(databaseCheck());
                  return check.get().path("routes").asText().equals("restored");
                });
        restoredMillis = (Load.now() - restartedAt) / 1_000_000;
        assertEquals("up", check.get().path("database").asText(), () -> "" + check.get());
        assertEquals("done", check.get().path("migration").asText(), () -> "" + check.get());

        JsonNode releases = gateway.getJson(history()).path("items");
        assertEquals(1, releases.size(), releases::toString);
        assertEquals(v1, releases.get(0).path("id").asLong(), releases::toString);
        assertEquals("live", releases.get(0).path("status").asText(), releases::toString);
        JsonNode events = gateway.getJson("/api/v1/releases/" + v1 + "/events");
        assertTrue(
            StreamSupport.stream(events.path("items").spliterator(), false)
                .anyMatch(
                    e ->
                        e.path("type").asText().equals("release.restored")
                            && e.toString().contains("last-known")),
            events::toString);

        long v2 = deploy("{\"version\":\"v2\",\"targets\":[\"" + target + "\"]}");
        gateway.awaitLive(v2, RELEASE_TIMEOUT);
        long after = load.result().requests();
        await("load after the restore").until(() -> load.result().requests() > after + 1000);
        result = load.stop();
      }
    } catch (RuntimeException | Error e) {
      System.out.println("gateway log:\n" + gateway.logTail(80));
      throw e;
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=start-with-database-down requests=%d non2xx=%d connErrors=%d readyMs=%d"
            + " firstAnswerMs=%d restoredAfterDatabaseBackMs=%d statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        readyMillis,
        firstAnswerMillis,
        restoredMillis,
        result.statuses());
    Gateway.assertNoFailures("load across the start with the database down and its return", result);
  }

  private long deploy(String body) throws IOException, InterruptedException {
    HttpResponse<String> answer = gateway.post(deploys(), body);
    assertEquals(202, answer.statusCode(), answer::body);
    return JSON.readTree(answer.body()).get("id").asLong();
  }

  private String deploys() {
    return "/api/v1/services/" + gateway.service + "/deploys";
  }

  private String history() {
    return "/api/v1/services/" + gateway.service + "/releases";
  }

  private JsonNode databaseCheck() throws IOException, InterruptedException {
    return OwnPostgres.healthData(gateway);
  }

  private static String staticService() {
    return String.join(
        "\n",
        "routes:",
        "  hosts: [\"" + Gateway.HOST + "\"]",
        "  path-prefix: /",
        "driver:",
        "  type: static",
        "health:",
        "  path: /health",
        "  interval: 200ms",
        "  healthy-threshold: 2",
        "drain:",
        "  timeout: 2s",
        "");
  }
}
