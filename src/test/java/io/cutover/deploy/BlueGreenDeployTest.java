package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blue-green deploys of real demo-app processes through the real proxy, under load. */
@QuarkusTest
class BlueGreenDeployTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  private Vertx vertx;
  private DeployScenario scenario;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    scenario = new DeployScenario(executor, history, services).configure("", "");
  }

  @AfterEach
  void stop() throws Exception {
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void fiveBlueGreenDeploysInARowUnderLoadFailNoRequest() throws Exception {
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1").getStatus());
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    try {
      for (int i = 2; i <= 6; i++) {
        Release release = scenario.deployAndAwait("v" + i);
        assertEquals(ReleaseStatus.LIVE, release.getStatus(), release.getReason());
        assertNotNull(release.getSwitchedAt());
      }
    } finally {
      load.stop();
    }
    assertEquals(0, load.non2xx(), load.toString());
    assertEquals(0, load.connectionErrors(), load.toString());
    assertTrue(load.bodies().containsKey("v6"), load.toString());
    Release last =
        history.live(scenario.service).await().atMost(Duration.ofSeconds(10)).orElseThrow();
    assertEquals("v6", last.getVersion());
    List<String> types =
        history.events(last.getId()).await().atMost(Duration.ofSeconds(10)).stream()
            .map(ReleaseEvent::getType)
            .toList();
    assertEquals(
        List.of(
            "release.started",
            "instances.started",
            "instances.healthy",
            "traffic.switched",
            "drain.finished",
            "instances.stopped",
            "release.live"),
        types);
  }

  @Test
  void aNeverHealthyVersionFailsAndTrafficStaysOnTheOldOne() throws Exception {
    scenario.deployAndAwait("v1");
    scenario.configure("FAULT_NEVER_HEALTHY: \"1\"", "{interval: 200ms, startup-timeout: 15s}", "");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release failed;
    try {
      failed = scenario.deployAndAwait("v2");
    } finally {
      load.stop();
    }
    assertEquals(ReleaseStatus.FAILED, failed.getStatus());
    assertTrue(failed.getReason().contains("GET /health answered 500"), failed.getReason());
    assertTrue(failed.getReason().contains("demo-app"), "last log lines: " + failed.getReason());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(List.of("v1"), List.copyOf(load.bodies().keySet()), load.toString());
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
  }

  @Test
  void aVersionThatCrashesDuringTheBakeIsRolledBackAutomatically() throws Exception {
    scenario.deployAndAwait("v1");
    scenario.configure("FAULT_CRASH_AFTER: \"3s\"", "deploy: {bake: 20s}\n");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release rolledBack;
    try {
      rolledBack = scenario.deployAndAwait("v2");
    } finally {
      load.stop();
    }
    assertEquals(ReleaseStatus.ROLLED_BACK, rolledBack.getStatus(), rolledBack.getReason());
    assertNotNull(rolledBack.getSwitchedAt());
    assertTrue(
        history.events(rolledBack.getId()).await().atMost(Duration.ofSeconds(10)).stream()
            .anyMatch(
                e ->
                    e.getType().equals("release.rolled_back")
                        && e.getData().contains("auto-rollback")));
    assertEquals("v1", services.service(scenario.service).orElseThrow().liveVersion());
    assertEquals(
        "v1", get("/").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    // Requests cut by the crash are retried on the warm old version (GET is idempotent).
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
  }

  @Test
  void aSlowRequestStartedBeforeTheSwitchCompletesOnTheOldInstance() throws Exception {
    scenario.deployAndAwait("v1");
    // Longer than starting v2 takes on a busy machine, shorter than the 15 s drain timeout.
    CompletableFuture<String> slow =
        get("/slow?ms=14000").toCompletionStage().toCompletableFuture();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inFlightOnLiveInstances() > 0);
    Release v2 = scenario.deployAndAwait("v2");
    assertEquals(ReleaseStatus.LIVE, v2.getStatus());
    assertEquals("v1", slow.get(30, TimeUnit.SECONDS));
    String drain =
        history.events(v2.getId()).await().atMost(Duration.ofSeconds(10)).stream()
            .filter(e -> e.getType().equals("drain.finished"))
            .findFirst()
            .orElseThrow()
            .getMessage();
    assertTrue(drain.contains("1 in flight at start, 0 cut"), drain);
  }

  @Test
  void aWebSocketOpenedBeforeTheSwitchKeepsWorkingUntilItCloses() throws Exception {
    scenario.deployAndAwait("v1");
    WebSocket ws =
        vertx
            .createWebSocketClient()
            .connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(proxy.port())
                    .setURI("/ws")
                    .addHeader("Host", scenario.host()))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    Release v2 = scenario.deploy("v2");
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "v2".equals(services.service(scenario.service).orElseThrow().liveVersion())
                    || drainStarted(v2));
    assertEquals("after the switch", echo(ws, "after the switch"));
    ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Release done = scenario.awaitEnd(v2);
    assertEquals(ReleaseStatus.LIVE, done.getStatus());
  }

  private boolean drainStarted(Release release) {
    return history.find(release.getId()).await().atMost(Duration.ofSeconds(10)).getSwitchedAt()
        != null;
  }

  private static String echo(WebSocket ws, String text) throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    ws.textMessageHandler(reply::complete);
    ws.writeTextMessage(text);
    return reply.get(10, TimeUnit.SECONDS);
  }

  private int inFlightOnLiveInstances() {
    return services.service(scenario.service).orElseThrow().livePool().instances().stream()
        .mapToInt(i -> i.backend().inFlight())
        .sum();
  }

  private io.vertx.core.Future<String> get(String uri) {
    HttpClient client = vertx.createHttpClient();
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(proxy.port())
                .setURI(uri)
                .putHeader("Host", scenario.host()))
        .compose(req -> req.send().compose(resp -> resp.body()))
        .map(Buffer::toString);
  }
}
