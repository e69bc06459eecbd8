package io.cutover.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/**
 * Admin calls whose input could only end in a database error or a bare error page get a 400 problem
 * saying what to change.
 */
@QuarkusTest
class AdminInputGuardTest {

  @Test
  void aNulInAServiceNameIs400NotADatabaseError() {
    AdminApi.given()
        .urlEncodingEnabled(false)
        .get("/api/v1/services/%00/releases")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("NUL character (%00)"));
  }

  @Test
  void aNulInAFilterIs400() {
    AdminApi.given()
        .urlEncodingEnabled(false)
        .get("/api/v1/releases?version=v%001")
        .then()
        .statusCode(400)
        .body("status", equalTo(400));
  }

  @Test
  void aNulInABodyFieldIs400NamingTheField() {
    AdminApi.given()
        .body("{\"to\":\"v1\\u0000\"}")
        .post("/api/v1/services/any/rollback")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", equalTo("field \"to\" holds a NUL character (\\u0000): remove it"));
  }

  @Test
  void aNulDeepInABodyIsNamedByItsPath() {
    AdminApi.given()
        .body("{\"version\":\"v2\",\"targets\":[\"127.0.0.1:1\",\"\\u0000\"]}")
        .post("/api/v1/services/any/deploys")
        .then()
        .statusCode(400)
        .body("detail", containsString("\"targets[1]\""));
  }

  @Test
  void withoutTheTokenItIsStill401() {
    RestAssured.given()
        .urlEncodingEnabled(false)
        .get("/api/v1/services/%00/releases")
        .then()
        .statusCode(401);
  }
}
