package io.cutover.deploy;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.AdminApi;
import io.cutover.support.LoadClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A rollback the gateway made on its own is a release of its own, found by its trigger. */
@QuarkusTest
class AutoRollbackHistoryTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

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
  void aVersionRolledBackInItsBakeLeavesAnAutoRollbackReleaseTheHistoryFiltersOn()
      throws Exception {
    // Given v1 live, then v2 answering half its requests with 500, baked under load
    scenario.configure(1, "", "");
    Release v1 = scenario.deployAndAwait("v1");
    scenario.configure(1, "FAULT_ERROR_RATE: \"0.5\"", "deploy: {bake: 30s}\n");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 4);
    Release v2;
    try {
      v2 = scenario.deployAndAwait("v2");
    } finally {
      load.stop();
    }
    assertEquals(ReleaseStatus.ROLLED_BACK, v2.getStatus(), v2.getReason());
    scenario.awaitEvent(v2, "rollback.recorded", null);

    // Then the history of the service, filtered on the trigger, holds the automatic rollback
    JsonPath auto =
        AdminApi.given()
            .get("/api/v1/services/" + scenario.service + "/releases?trigger=auto-rollback")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(1, auto.getList("items").size(), auto.prettify());
    assertEquals("auto-rollback", auto.getString("items[0].trigger"));
    assertEquals("v1", auto.getString("items[0].version"));
    assertEquals("live", auto.getString("items[0].status"));
    assertEquals(v2.getId(), auto.getLong("items[0].previousReleaseId"));
    assertTrue(auto.getString("items[0].reason").contains("error rate"), auto.prettify());
    long rollbackId = auto.getLong("items[0].id");
    assertEquals(rollbackId, services.service(scenario.service).orElseThrow().liveReleaseId());

    // And across every service too; the release it replaced is superseded, the failed one rolled
    // back
    List<Long> everywhere =
        AdminApi.given()
            .get("/api/v1/releases?trigger=auto-rollback&limit=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items.id", Long.class);
    assertTrue(everywhere.contains(rollbackId), everywhere.toString());
    assertEquals(ReleaseStatus.SUPERSEDED, find(v1).getStatus());
    assertEquals(ReleaseStatus.ROLLED_BACK, find(v2).getStatus());
    JsonPath api =
        AdminApi.given()
            .get("/api/v1/services/" + scenario.service + "/releases?trigger=api")
            .then()
            .extract()
            .jsonPath();
    assertEquals(List.of(v2.getId(), v1.getId()), api.getList("items.id", Long.class));

    // And a rollback by hand from there goes back before v1, not to v1 again: none exists
    AdminApi.given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/services/" + scenario.service + "/rollback")
        .then()
        .statusCode(422);
  }

  @Test
  void anUnknownTriggerFilterIsRefusedNamingTheParameter() {
    AdminApi.given()
        .get("/api/v1/releases?trigger=robot")
        .then()
        .statusCode(422)
        .body("detail", containsString("trigger"))
        .body("detail", containsString("auto-rollback"));
  }

  private Release find(Release release) {
    return history.find(release.getId()).await().atMost(Duration.ofSeconds(10));
  }
}
