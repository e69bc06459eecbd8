package io.cutover.api;

import static org.hamcrest.Matchers.equalTo;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProblemMappersTest {

  @Test
  void aProblemExceptionAnswersProblemJsonWithItsStatusAndDetail() {
    AdminApi.given()
        .when()
        .get("/api/v1/test-problems/conflict")
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo("about:blank"))
        .body("title", equalTo("Conflict"))
        .body("status", equalTo(409))
        .body("detail", equalTo("service web already has a running release: abort it first"))
        .body("instance", equalTo("/api/v1/test-problems/conflict"));
  }

  @Test
  void aJaxRsErrorAnswersProblemJsonToo() {
    AdminApi.given()
        .when()
        .get("/api/v1/test-problems/not-found")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", equalTo("no release 42: list them with GET /api/v1/releases"));
  }

  @Test
  void aWrongMethodAnswersProblemJson() {
    AdminApi.given()
        .when()
        .get("/api/v1/services/reload")
        .then()
        .statusCode(405)
        .contentType(Problem.MEDIA_TYPE)
        .body("status", equalTo(405));
  }

  @Test
  void anErrorThatBringsItsOwnResponseKeepsIt() {
    AdminApi.given()
        .when()
        .get("/api/v1/test-problems/own-response")
        .then()
        .statusCode(418)
        .contentType("text/plain");
  }
}
