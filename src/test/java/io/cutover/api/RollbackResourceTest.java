package io.cutover.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.cutover.config.TestServicesFolder;
import io.cutover.service.LiveServices;
import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rollback call's contract; what a rollback does is in {@code RollbackTest}. */
@QuarkusTest
class RollbackResourceTest {
  @Inject LiveServices services;
  private final TestServicesFolder folder = new TestServicesFolder();

  @AfterEach
  void clean() {
    folder.deleteAll();
  }

  @Test
  void aRollbackOfAnUnknownServiceIs404() {
    AdminApi.given()
        .body("{}")
        .post("/api/v1/services/no-such-service/rollback")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("no-such-service"));
  }

  @Test
  void aRollbackOfAServiceThatNeverWentLiveIs422() {
    String name = TestServicesFolder.uniqueName("rb");
    folder.write(name, TestServicesFolder.goodYaml(name, 1));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> services.service(name).isPresent());
    AdminApi.given()
        .post("/api/v1/services/" + name + "/rollback")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("status", equalTo(422))
        .body("detail", startsWith("service " + name + " has no live release"));
  }

  @Test
  void aRollbackNeedsTheToken() {
    io.restassured.RestAssured.given().post("/api/v1/services/any/rollback").then().statusCode(401);
  }
}
