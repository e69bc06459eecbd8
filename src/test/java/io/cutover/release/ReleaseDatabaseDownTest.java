package io.cutover.release;

import static io.cutover.release.ReleaseFixtures.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.db.DatabaseUnavailableException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway with its database unreachable: control-plane calls fail as 503s, health stays UP. */
@QuarkusTest
@TestProfile(ReleaseDatabaseDownTest.Unreachable.class)
class ReleaseDatabaseDownTest {
  @Inject ReleaseHistory history;

  @Test
  void historyCallsFailAsDatabaseUnavailable() {
    DatabaseUnavailableException down =
        assertThrows(
            DatabaseUnavailableException.class,
            () -> await(history.history(ReleaseQuery.newest())));

    assertTrue(
        down.getMessage().startsWith("the release database is unavailable: "), down::getMessage);
    assertTrue(down.getMessage().endsWith("; the proxy keeps serving traffic"), down::getMessage);
  }

  @Test
  void writesFailAsDatabaseUnavailableToo() {
    assertThrows(
        DatabaseUnavailableException.class,
        () -> await(history.create(NewRelease.of("web", "v2", "bluegreen", ReleaseTrigger.API))));
  }

  @Test
  void theGatewayStaysReadyAndHealthShowsTheDatabaseDown() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'database' }.data.database", equalTo("down"))
        .body("checks.find { it.name == 'database' }.data.error", containsString("unavailable"));
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
