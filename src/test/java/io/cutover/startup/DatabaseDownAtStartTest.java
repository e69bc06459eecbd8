package io.cutover.startup;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cutover.support.DatabaseUnreachableProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A gateway whose database is unreachable from the start: up, ready, and saying what it serves. */
@QuarkusTest
@TestProfile(DatabaseUnreachableProfile.class)
class DatabaseDownAtStartTest {
  @Test
  void healthSaysTheDatabaseIsDownAndTheRoutesAreTheLastKnownOnes() {
    // The last-known routes are served on a thread of their own, right after the start.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'database' }.data.database", equalTo("down"))
                    .body(
                        "checks.find { it.name == 'database' }.data.migration", equalTo("pending"))
                    .body(
                        "checks.find { it.name == 'database' }.data.routes",
                        equalTo("last-known")));
  }
}
