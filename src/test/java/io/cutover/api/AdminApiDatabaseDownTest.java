package io.cutover.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.cutover.support.AdminApi;
import io.cutover.support.DatabaseUnreachableProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The admin API with the release database unreachable: 503s that say the proxy keeps serving. */
@QuarkusTest
@TestProfile(DatabaseUnreachableProfile.class)
class AdminApiDatabaseDownTest {

  @Test
  void aDeployIs503AndSaysTheProxyKeepsServing() {
    try (DeployableService service = DeployableService.create("dbdown")) {
      service
          .post(
              "{\"version\":\"v2\",\"targets\":[\""
                  + DeployableService.target(service.instance("v2"))
                  + "\"]}")
          .statusCode(503)
          .contentType(Problem.MEDIA_TYPE)
          .header("Retry-After", "5")
          .body("detail", startsWith("the release database is unavailable: "))
          .body("detail", containsString("the proxy keeps serving traffic"));

      // Nothing is left holding the service: the next try is refused for the same reason.
      service
          .post(
              "{\"version\":\"v2\",\"targets\":[\""
                  + DeployableService.target(service.instance("v2"))
                  + "\"]}")
          .statusCode(503);
    }
  }

  @Test
  void historyIs503() {
    AdminApi.given()
        .get("/api/v1/releases")
        .then()
        .statusCode(503)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("the proxy keeps serving traffic"));
    AdminApi.given().get("/api/v1/releases/1").then().statusCode(503);
    AdminApi.given().post("/api/v1/releases/1/abort").then().statusCode(503);
  }

  @Test
  void servicesAnswerFromMemoryAllTheSame() {
    try (DeployableService service = DeployableService.create("dbdown-svc")) {
      AdminApi.given()
          .get("/api/v1/services/" + service.name())
          .then()
          .statusCode(200)
          .body("name", equalTo(service.name()));
    }
  }
}
