package io.cutover.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.cutover.proxy.ProxyLifecycle;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GatewayBootTest {
  @Inject ProxyLifecycle proxy;
  @Inject io.vertx.core.Vertx vertx;

  @Test
  void theGatewayIsReadyOnceTheProxyListens() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("proxy"));
  }

  @Test
  void metricsAreServedOnTheAdminPort() {
    io.cutover.support.AdminApi.given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
  }

  @Test
  void theProxyRunsWithoutVertxMetrics() {
    org.junit.jupiter.api.Assertions.assertFalse(
        vertx.isMetricsEnabled(), "Vert.x metrics would instrument every proxied request");
  }

  @Test
  void theTrafficPortAnswersAndCarriesNoAdminRoute() {
    given().port(proxy.port()).when().get("/q/health").then().statusCode(404);
    given().port(proxy.port()).when().get("/api/v1/services").then().statusCode(404);
  }
}
