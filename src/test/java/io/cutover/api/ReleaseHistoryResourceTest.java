package io.cutover.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.service.LiveServices;
import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseHistoryResourceTest {
  @Inject LiveServices services;

  @Test
  void historyFiltersByEveryParameterAndPagesWithTheCursorNewestFirst() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    try (DeployableService service = DeployableService.create("history")) {
      long v1 = service.deployLive("v1-" + tag);
      long v2 = service.deployLive("v2-" + tag);
      long v3 = service.deployLive("v3-" + tag);
      String releases = "/api/v1/services/" + service.name() + "/releases";

      AdminApi.given()
          .get(releases)
          .then()
          .statusCode(200)
          .body("items.id", contains((int) v3, (int) v2, (int) v1))
          .body("items[0].previousReleaseId", equalTo((int) v2))
          .body("nextCursor", nullValue());
      AdminApi.given()
          .queryParam("status", "superseded")
          .get(releases)
          .then()
          .body("items.id", contains((int) v2, (int) v1));
      AdminApi.given()
          .queryParam("status", "live,failed")
          .get(releases)
          .then()
          .body("items.id", contains((int) v3));
      AdminApi.given()
          .queryParam("strategy", "bluegreen")
          .get(releases)
          .then()
          .body("items", hasSize(3));
      AdminApi.given().queryParam("strategy", "canary").get(releases).then().body("items", empty());
      AdminApi.given()
          .queryParam("version", "v2-" + tag)
          .get(releases)
          .then()
          .body("items.id", contains((int) v2));

      String v2Created = createdAt(v2);
      AdminApi.given()
          .queryParam("since", v2Created)
          .get(releases)
          .then()
          .body("items.id", contains((int) v3, (int) v2));
      AdminApi.given()
          .queryParam("until", v2Created)
          .get(releases)
          .then()
          .body("items.id", contains((int) v1));

      JsonPath first =
          AdminApi.given()
              .queryParam("limit", 2)
              .get(releases)
              .then()
              .body("items.id", contains((int) v3, (int) v2))
              .body("nextCursor", notNullValue())
              .extract()
              .jsonPath();
      AdminApi.given()
          .queryParam("limit", 2)
          .queryParam("cursor", first.getString("nextCursor"))
          .get(releases)
          .then()
          .body("items.id", contains((int) v1))
          .body("nextCursor", nullValue());
    }
  }

  @Test
  void theHistoryOfAllServicesTakesTheSameFiltersAndCursor() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    try (DeployableService service = DeployableService.create("history-all")) {
      long v1 = service.deployLive("all-" + tag);
      long v2 = service.deployLive("all-" + tag);

      JsonPath first =
          AdminApi.given()
              .queryParam("version", "all-" + tag)
              .queryParam("strategy", "bluegreen")
              .queryParam("limit", 1)
              .get("/api/v1/releases")
              .then()
              .statusCode(200)
              .body("items.id", contains((int) v2))
              .body("items[0].service", equalTo(service.name()))
              .extract()
              .jsonPath();
      AdminApi.given()
          .queryParam("version", "all-" + tag)
          .queryParam("strategy", "bluegreen")
          .queryParam("limit", 1)
          .queryParam("cursor", first.getString("nextCursor"))
          .get("/api/v1/releases")
          .then()
          .body("items.id", contains((int) v1))
          .body("nextCursor", nullValue());

      List<Integer> newest =
          AdminApi.given()
              .queryParam("limit", 5)
              .get("/api/v1/releases")
              .then()
              .extract()
              .jsonPath()
              .getList("items.id", Integer.class);
      for (int k = 1; k < newest.size(); k++) {
        assertTrue(newest.get(k - 1) > newest.get(k), "newest first: " + newest);
      }
    }
  }

  @Test
  void anInvalidFilterIs422NamingTheParameter() {
    assertInvalid("status", "bogus", "status: ");
    assertInvalid("limit", "0", "limit: ");
    assertInvalid("limit", "many", "limit: ");
    assertInvalid("since", "yesterday", "since: ");
    assertInvalid("until", "2026-13-45", "until: ");
    assertInvalid("cursor", "not-a-cursor", "cursor: ");
  }

  @Test
  void oneReleaseIsFoundByItsId() {
    try (DeployableService service = DeployableService.create("one")) {
      long id = service.deployLive("v1");

      AdminApi.given()
          .get("/api/v1/releases/" + id)
          .then()
          .statusCode(200)
          .body("id", equalTo((int) id))
          .body("service", equalTo(service.name()))
          .body("status", equalTo("live"))
          .body("requests", equalTo(0))
          .body("errors", equalTo(0));
    }
  }

  @Test
  void anUnknownReleaseIs404AndANonNumericIdIs400() {
    AdminApi.given()
        .get("/api/v1/releases/987654321")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("release 987654321 does not exist"));
    AdminApi.given()
        .get("/api/v1/releases/latest")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("release id \"latest\" is not a release id"));
  }

  @Test
  void theHistoryOfAServiceThatNeverExistedIs404() {
    AdminApi.given()
        .get("/api/v1/services/never-" + UUID.randomUUID().toString().substring(0, 8) + "/releases")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("no service named never-"));
  }

  @Test
  void aServiceWhoseFileWasDeletedStillAnswersItsHistory() {
    try (DeployableService service = DeployableService.create("deleted")) {
      long id = service.deployLive("v1");

      service.deleteFile();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> services.service(service.name()).isEmpty());

      AdminApi.given().get("/api/v1/services/" + service.name()).then().statusCode(404);
      AdminApi.given()
          .get("/api/v1/services/" + service.name() + "/releases")
          .then()
          .statusCode(200)
          .body("items.id", contains((int) id));
    }
  }

  private static String createdAt(long id) {
    return AdminApi.given().get("/api/v1/releases/" + id).then().extract().path("createdAt");
  }

  private static void assertInvalid(String parameter, String value, String detailStart) {
    String detail =
        AdminApi.given()
            .queryParam(parameter, value)
            .get("/api/v1/releases")
            .then()
            .statusCode(422)
            .contentType(Problem.MEDIA_TYPE)
            .extract()
            .path("detail");
    assertTrue(detail.startsWith(detailStart), parameter + "=" + value + ": " + detail);
    assertEquals(
        422,
        AdminApi.given()
            .queryParam(parameter, value)
            .get("/api/v1/services/anything/releases")
            .statusCode(),
        "the per-service history refuses it the same way, before looking the service up");
  }
}
