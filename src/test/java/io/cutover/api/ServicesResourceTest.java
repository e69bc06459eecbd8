package io.cutover.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cutover.support.AdminApi;
import io.cutover.support.LoopbackInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServicesResourceTest {

  @Test
  void aServiceShowsItsConfigLiveReleaseAndTheHealthyInstanceOfItsPool() {
    try (DeployableService service = DeployableService.create("svc", "deploy: {bake: 0s}\n")) {
      long id = service.deployLive("v1");
      String address = "127.0.0.1:" + service.instances().get(0).port();

      AdminApi.given()
          .get("/api/v1/services/" + service.name())
          .then()
          .statusCode(200)
          .contentType(ContentType.JSON)
          .body("name", equalTo(service.name()))
          .body("config.name", equalTo(service.name()))
          .body("config.routes.hosts[0]", equalTo(service.name() + ".localhost"))
          .body("config.routes.pathPrefix", equalTo("/"))
          .body("config.driver.type", equalTo("static"))
          .body("config.health.interval", equalTo("100ms"))
          .body("config.health.timeout", equalTo("1s"))
          .body("config.health.startupTimeout", equalTo("10s"))
          .body("config.drain.timeout", equalTo("1s"))
          .body("config.deploy.strategy", equalTo("bluegreen"))
          .body("config.deploy.bake", equalTo("0s"))
          .body("config.deploy.canary.steps[0].pause", equalTo("30s"))
          .body("config.deploy.canary.sticky", equalTo("cookie"))
          .body("liveReleaseId", equalTo((int) id))
          .body("liveVersion", equalTo("v1"))
          .body("runningReleaseId", nullValue())
          .body("pools", hasSize(1))
          .body("pools[0].version", equalTo("v1"))
          .body("pools[0].weight", equalTo(100))
          .body("pools[0].role", equalTo("stable"))
          .body("pools[0].requestsPerSecond", equalTo(0.0f))
          .body("pools[0].errorRate", equalTo(0.0f))
          .body("pools[0].instances", hasSize(1))
          .body("pools[0].instances[0].id", notNullValue())
          .body("pools[0].instances[0].version", equalTo("v1"))
          .body("pools[0].instances[0].address", equalTo(address))
          .body("pools[0].instances[0].state", equalTo("healthy"))
          .body("pools[0].instances[0].inFlight", equalTo(0))
          .body("pools[0].instances[0].requests", equalTo(0))
          .body("pools[0].instances[0].errors", equalTo(0))
          .body("pools[0].instances[0].requestsPerSecond", equalTo(0.0f))
          .body("traffic", hasSize(1))
          .body("traffic[0].version", equalTo("v1"))
          .body("traffic[0].percent", equalTo(100.0f))
          .body("refused", hasSize(0));
    }
  }

  @Test
  void aReleaseUnderWayIsShownAsRunningWithItsPoolBesideTheLiveOne() {
    try (DeployableService service =
        DeployableService.create("running", DeployableService.PATIENT_HEALTH)) {
      long live = service.deployLive("v1");
      LoopbackInstance v2 = service.instance("v2");
      v2.health(500); // held in the health gate
      long starting = service.deploy("v2", v2);
      DeployableService.awaitEvent(starting, "instances.started");

      AdminApi.given()
          .get("/api/v1/services/" + service.name())
          .then()
          .statusCode(200)
          .body("liveReleaseId", equalTo((int) live))
          .body("runningReleaseId", equalTo((int) starting))
          .body("pools.version", contains("v1", "v2"))
          .body("pools.role", contains("stable", "canary"))
          .body("pools.weight", contains(100, 0))
          .body("pools[1].instances[0].state", equalTo("starting"))
          .body("traffic.percent", contains(100.0f, 0.0f));

      AdminApi.given().post("/api/v1/releases/" + starting + "/abort").then().statusCode(202);
      DeployableService.awaitStatus(starting, "aborted");
    }
  }

  @Test
  void theListHasEveryServiceWithTheSameShape() {
    try (DeployableService service = DeployableService.create("listed")) {
      String it = "items.find { it.name == '" + service.name() + "' }";

      AdminApi.given()
          .get("/api/v1/services")
          .then()
          .statusCode(200)
          .body("nextCursor", nullValue())
          .body(it + ".config.driver.type", equalTo("static"))
          .body(it + ".liveReleaseId", nullValue())
          .body(it + ".pools", hasSize(0))
          .body(it + ".traffic", hasSize(0));
    }
  }

  @Test
  void environmentValuesThatLookSecretAreShownAsStars() {
    String yaml =
        "driver:\n"
            + "  type: process\n"
            + "  command: [\"true\"]\n"
            + "  env:\n"
            + "    DB_PASSWORD: hunter2\n"
            + "    github_token: ghp_abc\n"
            + "    AWS_SECRET_ACCESS_KEY: wJalr\n"
            + "    Stripe_Api_Key: sk_live\n"
            + "    BASIC_AUTH: user:pw\n"
            + "    GCP_CREDENTIALS: \"{}\"\n"
            + "    DATABASE_URL: \"postgres://app:hunter2@db:5432/app\"\n"
            + "    PUBLIC_URL: \"https://example.com/app\"\n"
            + "    LOG_LEVEL: debug\n";
    try (DeployableService service = DeployableService.create("redact", yaml)) {
      String env = "items.find { it.name == '" + service.name() + "' }.config.driver.env";

      String body =
          AdminApi.given()
              .get("/api/v1/services")
              .then()
              .statusCode(200)
              .body(env + ".DB_PASSWORD", equalTo("***"))
              .body(env + ".github_token", equalTo("***"))
              .body(env + ".AWS_SECRET_ACCESS_KEY", equalTo("***"))
              .body(env + ".Stripe_Api_Key", equalTo("***"))
              .body(env + ".BASIC_AUTH", equalTo("***"))
              .body(env + ".GCP_CREDENTIALS", equalTo("***"))
              .body(env + ".DATABASE_URL", equalTo("***"))
              .body(env + ".PUBLIC_URL", equalTo("https://example.com/app"))
              .body(env + ".LOG_LEVEL", equalTo("debug"))
              .extract()
              .asString();
      for (String secret : List.of("hunter2", "ghp_abc", "wJalr", "sk_live", "user:pw")) {
        assertFalse(body.contains(secret), secret);
      }
      AdminApi.given()
          .get("/api/v1/services/" + service.name())
          .then()
          .statusCode(200)
          .body("config.driver.env.DB_PASSWORD", equalTo("***"))
          .body("config.driver.env.LOG_LEVEL", equalTo("debug"));
    }
  }

  @Test
  void anUnknownServiceIs404() {
    String name = "unknown-" + UUID.randomUUID().toString().substring(0, 8);

    AdminApi.given()
        .get("/api/v1/services/" + name)
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("no service named " + name + ": add services/" + name));
  }
}
