package io.cutover.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API with the release database unreachable: 503s that say the proxy keeps serving. */
@QuarkusTest
@TestProfile(AdminApiDatabaseDownTest.Unreachable.class)
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

  /** Points both URLs at a port nothing listens on; no migration at start. */
  public static class Unreachable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      int port = closedPort();
      return Map.of(
          "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/cutover",
          "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/cutover",
          "quarkus.flyway.migrate-at-start", "false");
    }

    private static int closedPort() {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
