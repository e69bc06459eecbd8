package io.cutover.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminAuthTest {

  @Test
  void aCallWithoutTokenGets401SayingHowToAuthenticate() {
    given()
        .when()
        .post("/api/v1/services/reload")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", "Bearer realm=\"cutover\"")
        .body("status", equalTo(401))
        .body("title", equalTo("Unauthorized"))
        .body("detail", containsString("Authorization: Bearer <token>"))
        .body("instance", equalTo("/api/v1/services/reload"));
  }

  @Test
  void aCallWithAWrongTokenGets401() {
    given()
        .header("Authorization", "Bearer " + AdminApi.token() + "x")
        .when()
        .post("/api/v1/services/reload")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("the bearer token is wrong"));
  }

  @Test
  void aCallWithAnotherSchemeGets401() {
    given()
        .header("Authorization", "Basic " + AdminApi.token())
        .when()
        .post("/api/v1/services/reload")
        .then()
        .statusCode(401);
  }

  @Test
  void aCallWithTheRightTokenGoesThrough() {
    AdminApi.given().when().post("/api/v1/services/reload").then().statusCode(200);
  }

  @Test
  void theSchemeIsCaseInsensitive() {
    given()
        .header("Authorization", "bearer " + AdminApi.token())
        .contentType("application/json")
        .when()
        .post("/api/v1/services/reload")
        .then()
        .statusCode(200);
  }

  @Test
  void anUnknownApiPathAlsoNeedsTheToken() {
    given().when().get("/api/v1/nothing-here").then().statusCode(401);
  }

  @Test
  void healthNeedsNoToken() {
    given().when().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void metricsAndTheOpenApiDocumentAnswerWithTheToken() {
    AdminApi.given().get("/q/metrics").then().statusCode(200);
    AdminApi.given().get("/q/openapi").then().statusCode(200);
  }

  @Test
  void theProblemNamesThePathAsSent() {
    given()
        .urlEncodingEnabled(false)
        .get("/api;/v1/services")
        .then()
        .statusCode(401)
        .body("instance", equalTo("/api;/v1/services"));
  }
}
