package io.cutover.release;

import static io.cutover.release.ReleaseFixtures.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.db.DatabaseUnavailableException;
import io.cutover.support.DatabaseUnreachableProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The gateway with its database unreachable: control-plane calls fail as 503s, health stays UP. */
@QuarkusTest
@TestProfile(DatabaseUnreachableProfile.class)
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
}
