package io.cutover.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dashboard session left unused past {@code cutover.admin.session-timeout} is refused. */
@QuarkusTest
@TestProfile(SessionExpiryTest.ShortSessions.class)
class SessionExpiryTest {

  /**
   * Sessions that end after five idle seconds (long enough for a loaded machine between two calls).
   */
  public static class ShortSessions implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("cutover.admin.session-timeout", "5s");
    }
  }

  @Test
  void aSessionUnusedForItsTimeoutGets401AndMustLogInAgain() {
    String session =
        RestAssured.given()
            .contentType(ContentType.JSON)
            .body("{\"token\":\"" + AdminApi.token() + "\"}")
            .post("/api/v1/session")
            .then()
            .statusCode(200)
            .body("idleTimeoutSeconds", equalTo(5))
            .extract()
            .cookie(AdminSessions.COOKIE);
    RestAssured.given()
        .cookie(AdminSessions.COOKIE, session)
        .get("/api/v1/services")
        .then()
        .statusCode(200);
    long used = System.nanoTime();

    // Not polled with the cookie: every use would keep it alive.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> System.nanoTime() - used > Duration.ofMillis(5500).toNanos());

    SessionResourceTest.assertRefused(session);
  }
}
