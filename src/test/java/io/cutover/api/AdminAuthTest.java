package io.cutover.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.support.AdminApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
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

  @TestHTTPResource("/")
  URI root;

  @Test
  void pathTricksDoNotSlipPastTheToken() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (String path :
        List.of(
            "//api/v1/services/reload",
            "/./api/v1/services/reload",
            "/q/../api/v1/services/reload",
            "/api//v1/services/reload",
            "/%61pi/v1/services/reload")) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "") + path))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      assertTrue(status == 401 || status == 404, path + " answered " + status);
    }
  }
}
