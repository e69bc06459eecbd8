package io.cutover.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.support.FastHealth;
import io.cutover.support.LoopbackInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GatewayHealthTest {
  @Inject HealthChecker checker;
  @Inject Vertx vertx;

  @Test
  void theGatewayIsLiveWhileItRuns() {
    given()
        .when()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("gateway"));
  }

  @Test
  void theGatewayIsReadyOnceConfigIsLoadedAndTheProxyListens() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("proxy", "config"))
        .body("checks.find { it.name == 'config' }.status", equalTo("UP"));
  }

  @Test
  void theCheckerBeanChecksInstancesOnTheGatewaysVertx() {
    LoopbackInstance server = LoopbackInstance.start(vertx, "v1");
    try {
      Instance instance = server.instance("web");
      checker
          .awaitHealthy(instance, FastHealth.config().build())
          .await()
          .atMost(Duration.ofSeconds(5));
      assertEquals(InstanceState.HEALTHY, instance.state());
      checker.watching(instance).orElseThrow().stop();
    } finally {
      server.close();
    }
  }
}
