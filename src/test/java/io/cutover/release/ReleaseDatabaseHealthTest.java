package io.cutover.release;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseDatabaseHealthTest {
  @Test
  void healthShowsTheDatabaseAsData() {
    given()
        .when()
        .get("/q/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'database' }.data.database", equalTo("up"))
        .body("checks.find { it.name == 'database' }.data.embedded", equalTo(false))
        .body("checks.find { it.name == 'database' }.data.migration", equalTo("done"));
  }
}
