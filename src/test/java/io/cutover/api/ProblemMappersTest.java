package io.cutover.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

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

  @Test
  void anUnexpectedErrorIs500WithAGenericDetailAndNoInternals() {
    AdminApi.given()
        .when()
        .get("/api/v1/test-problems/unexpected")
        .then()
        .statusCode(500)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("the gateway could not answer this call; its log has the"))
        .body("detail", matchesPattern(".* error=[0-9a-f]{8}"))
        .body(not(containsString("hunter2")))
        .body(not(containsString("IllegalStateException")));
  }

  @Test
  void aDomainFailureWrappedInAnotherIsStillAnsweredByItsStatus() {
    AdminApi.given()
        .when()
        .get("/api/v1/test-problems/wrapped")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("release 424242 does not exist"));
  }

  @Test
  void anUnavailableDatabaseIs503SayingTheProxyKeepsServing() {
    AdminApi.given()
        .when()
        .get("/api/v1/test-problems/database-down")
        .then()
        .statusCode(503)
        .contentType(Problem.MEDIA_TYPE)
        .header("Retry-After", "5")
        .body("detail", containsString("the proxy keeps serving traffic"));
  }
}
