package io.cutover.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/session}: the token for a session cookie that stands in for it on the admin
 * port, SSE included, until logout. Expiry: {@link SessionExpiryTest}, {@link AdminSessionsTest}.
 */
@QuarkusTest
class SessionResourceTest {
  private static final String COOKIE = AdminSessions.COOKIE;

  @Test
  void aWrongTokenGets401AndNoCookie() {
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body("{\"token\":\"not-the-token-at-all-but-long-enough-1234\"}")
        .post("/api/v1/session")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", containsString("invalid_token"))
        .header("Set-Cookie", nullValue())
        .body("detail", startsWith("the token is wrong"));
  }

  @Test
  void noTokenGets401SayingHowToLogIn() {
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/session")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .header("Set-Cookie", nullValue())
        .body("detail", containsString("log in with the admin token"));
  }

  @Test
  void aFormPostIsRefusedAs415() {
    RestAssured.given()
        .contentType(ContentType.URLENC)
        .formParam("token", AdminApi.token())
        .post("/api/v1/session")
        .then()
        .statusCode(415)
        .contentType(Problem.MEDIA_TYPE)
        .header("Set-Cookie", nullValue());
  }

  @Test
  void theRightTokenSetsAnHttpOnlySameSiteStrictCookieThatAuthorizesTheApiUntilLogout() {
    String session = login("{\"token\":\"" + AdminApi.token() + "\"}");

    RestAssured.given().cookie(COOKIE, session).get("/api/v1/services").then().statusCode(200);
    RestAssured.given()
        .cookie(COOKIE, session)
        .get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("active", equalTo(true));

    RestAssured.given()
        .cookie(COOKIE, session)
        .delete("/api/v1/session")
        .then()
        .statusCode(204)
        .header("Set-Cookie", containsString(COOKIE + "=; Path=/; Max-Age=0"));

    assertRefused(session);
  }

  /** The session no longer authorizes anything: 401 problem+json, and not active. */
  static void assertRefused(String session) {
    RestAssured.given()
        .cookie(COOKIE, session)
        .get("/api/v1/services")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("the dashboard session has expired or was logged out"));
    RestAssured.given()
        .cookie(COOKIE, session)
        .get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
  }

  @Test
  void theBearerHeaderWithNoBodyLogsInToo() {
    Response answer =
        RestAssured.given()
            .header("Authorization", "Bearer " + AdminApi.token())
            .post("/api/v1/session");
    answer.then().statusCode(200).cookie(COOKIE, not(nullValue()));
    RestAssured.given()
        .cookie(COOKIE, answer.cookie(COOKIE))
        .get("/api/v1/services")
        .then()
        .statusCode(200);
  }

  @Test
  void theCookieAuthorizesAReleasesEventStream() {
    try (DeployableService service = DeployableService.create("session")) {
      long id = service.deployLive("v1");
      String session = login("{\"token\":\"" + AdminApi.token() + "\"}");

      // A live release's stream sends its log and ends at release.live.
      RestAssured.given()
          .cookie(COOKIE, session)
          .accept("text/event-stream")
          .get("/api/v1/releases/" + id + "/events")
          .then()
          .statusCode(200)
          .contentType(startsWith("text/event-stream"))
          .body(containsString("event:release.live"));
    }
  }

  @Test
  void anUnknownCookieOrOneSentFromAnotherOriginIsRefused() {
    RestAssured.given()
        .cookie(COOKIE, "made-up")
        .get("/api/v1/services")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", startsWith("Bearer"));

    String session = login("{\"token\":\"" + AdminApi.token() + "\"}");
    for (String site : new String[] {"cross-site", "same-site"}) {
      RestAssured.given()
          .cookie(COOKIE, session)
          .header("Sec-Fetch-Site", site)
          .get("/api/v1/services")
          .then()
          .statusCode(403)
          .contentType(Problem.MEDIA_TYPE)
          .body("detail", containsString("another origin"));
    }
    RestAssured.given()
        .cookie(COOKIE, session)
        .header("Sec-Fetch-Site", "same-origin")
        .get("/api/v1/services")
        .then()
        .statusCode(200);
  }

  @Test
  void aWrongBearerTokenIsNotRescuedByAGoodCookie() {
    String session = login("{\"token\":\"" + AdminApi.token() + "\"}");
    RestAssured.given()
        .cookie(COOKIE, session)
        .header("Authorization", "Bearer wrong")
        .get("/api/v1/services")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void theDashboardPageAndItsAssetsNeedNoSession() {
    for (String path : new String[] {"/", "/dashboard.js", "/dashboard.css"}) {
      RestAssured.get(path).then().statusCode(200);
    }
    RestAssured.get("/api/v1/session").then().statusCode(200).body("active", equalTo(false));
  }

  /** Logs in and returns the session id, checking the cookie's attributes. */
  private static String login(String body) {
    Response answer =
        RestAssured.given().contentType(ContentType.JSON).body(body).post("/api/v1/session");
    answer
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .header("Set-Cookie", containsString("; HttpOnly"))
        .header("Set-Cookie", containsString("; SameSite=Strict"))
        .header("Set-Cookie", containsString("; Path=/"))
        .body("idleTimeoutSeconds", equalTo(1800));
    return answer.cookie(COOKIE);
  }
}
