package io.cutover.api;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.support.AdminApi;
import io.cutover.support.LoopbackInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeployResourceTest {
  private DeployableService service;

  @BeforeEach
  void aStaticService() {
    service = DeployableService.create("deploy");
  }

  @AfterEach
  void removeIt() {
    service.close();
  }

  @Test
  void aDeployAnswers202WithTheReleaseAndItsLocationAndThenGoesLive() {
    LoopbackInstance v1 = service.instance("v1");

    long id =
        service
            .post("{\"version\":\"v1\",\"targets\":[\"" + DeployableService.target(v1) + "\"]}")
            .statusCode(202)
            .contentType(ContentType.JSON)
            .body("service", equalTo(service.name()))
            .body("version", equalTo("v1"))
            .body("strategy", equalTo("bluegreen"))
            .body("status", oneOf("pending", "deploying"))
            .body("trigger", equalTo("api"))
            .body("previousReleaseId", nullValue())
            .body("createdAt", notNullValue())
            .body("targets[0]", equalTo(DeployableService.target(v1)))
            .body("config", nullValue())
            .extract()
            .jsonPath()
            .getLong("id");
    DeployableService.awaitStatus(id, "live");
    AdminApi.given()
        .get("/api/v1/releases/" + id)
        .then()
        .body("switchedAt", notNullValue())
        .body("finishedAt", notNullValue());
  }

  @Test
  void theLocationHeaderNamesTheNewRelease() {
    LoopbackInstance v1 = service.instance("v1");

    var answer =
        service
            .post("{\"version\":\"v1\",\"targets\":[\"" + DeployableService.target(v1) + "\"]}")
            .statusCode(202)
            .extract();

    long id = answer.jsonPath().getLong("id");
    org.junit.jupiter.api.Assertions.assertEquals(
        "/api/v1/releases/" + id, answer.header("Location"));
    DeployableService.awaitStatus(id, "live");
  }

  @Test
  void theCommandLineMarksItsDeploysWithTheCliTrigger() {
    LoopbackInstance v1 = service.instance("v1");

    long id =
        service
            .post(
                "{\"version\":\"v1\",\"trigger\":\"cli\",\"reason\":\"hotfix\",\"targets\":[\""
                    + DeployableService.target(v1)
                    + "\"]}")
            .statusCode(202)
            .body("trigger", equalTo("cli"))
            .body("reason", equalTo("hotfix"))
            .extract()
            .jsonPath()
            .getLong("id");

    DeployableService.awaitStatus(id, "live");
  }

  @Test
  void aJsonBodySentWithCurlsDefaultFormTypeIs415AndStartsNothing() {
    LoopbackInstance v1 = service.instance("v1");

    AdminApi.given()
        .contentType("application/x-www-form-urlencoded")
        .body("{\"version\":\"v1\",\"targets\":[\"" + DeployableService.target(v1) + "\"]}")
        .when()
        .post("/api/v1/services/" + service.name() + "/deploys")
        .then()
        .statusCode(415)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("send `Content-Type: application/json`"));

    AdminApi.given()
        .get("/api/v1/services/" + service.name() + "/releases")
        .then()
        .statusCode(200)
        .body("items", org.hamcrest.Matchers.empty());
  }

  @Test
  void aTriggerOtherThanApiOrCliIsRefusedWith422() {
    service
        .post("{\"version\":\"v1\",\"trigger\":\"auto-rollback\",\"targets\":[\"127.0.0.1:1\"]}")
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("use \"api\" or \"cli\""));
  }

  @Test
  void malformedJsonIs400NamingWhereItBreaksWithoutAStackTrace() {
    service
        .post("{\"version\": \"v2\",")
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("status", equalTo(400))
        .body("detail", startsWith("the body is not valid JSON: "))
        .body("detail", containsString("line 1"))
        .body("detail", not(containsString("com.fasterxml")))
        .body("detail", not(containsString("\tat ")));
  }

  @Test
  void aBodyThatIsNotAnObjectIs400() {
    service
        .post("[\"v2\"]")
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("the body must be a JSON object"));
  }

  @Test
  void anEmptyBodyIs400SayingWhatToSend() {
    service
        .post("")
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("{\"version\": \"v2\""));
  }

  @Test
  void anUnknownFieldIs400NamingItAndTheFieldsThereAre() {
    service
        .post("{\"version\":\"v2\",\"strategey\":\"canary\"}")
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body(
            "detail",
            equalTo(
                "unknown field \"strategey\" in the body: the fields are reason, strategy,"
                    + " targets, trigger, version"));
  }

  @Test
  void aFieldOfTheWrongTypeIs400NamingTheField() {
    service
        .post("{\"version\":\"v2\",\"targets\":{\"host\":\"127.0.0.1\"}}")
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", equalTo("field \"targets\" must be an array"));
  }

  @Test
  void aMissingOrBlankVersionIs422() {
    service
        .post("{\"targets\":[\"127.0.0.1:1\"]}")
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("version is missing"));
    service
        .post("{\"version\":\"  \",\"targets\":[\"127.0.0.1:1\"]}")
        .statusCode(422)
        .body("detail", startsWith("version is missing"));
  }

  @Test
  void aBadVersionIs422SayingWhatAVersionIs() {
    service
        .post("{\"version\":\"v 2!\",\"targets\":[\"127.0.0.1:1\"]}")
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("version \"v 2!\" is not valid: use 1 to 128 letters"));
  }

  @Test
  void anUnknownStrategyIs422ListingTheStrategies() {
    service
        .post("{\"version\":\"v2\",\"strategy\":\"yolo\",\"targets\":[\"127.0.0.1:1\"]}")
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body(
            "detail", allOf(startsWith("unknown strategy \"yolo\""), containsString("bluegreen")));
  }

  @Test
  void aStaticServiceDeployedWithoutTargetsIs422AskingForThem() {
    service
        .post("{\"version\":\"v2\"}")
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("name the instances in \"targets\""));
  }

  @Test
  void aTargetThatIsNotHostAndPortIs422() {
    service
        .post("{\"version\":\"v2\",\"targets\":[\"localhost\"]}")
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("target \"localhost\" is not host:port"));
  }

  @Test
  void anUnknownServiceIs404() {
    AdminApi.given()
        .contentType(ContentType.JSON)
        .body("{\"version\":\"v2\"}")
        .when()
        .post("/api/v1/services/no-such-service-" + service.name() + "/deploys")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("no service named no-such-service-"));
  }

  @Test
  void aSecondDeployWhileOneIsRunningIs409() {
    try (DeployableService baking =
        DeployableService.create("deploy-bake", "deploy: {bake: 60s}\n")) {
      long first = baking.deploy("v1", baking.instance("v1"));
      DeployableService.awaitEvent(first, "bake.started");

      baking
          .post(
              "{\"version\":\"v2\",\"targets\":[\""
                  + DeployableService.target(baking.instance("v2"))
                  + "\"]}")
          .statusCode(409)
          .contentType(Problem.MEDIA_TYPE)
          .body("detail", containsString("already has a running release (" + first + ")"));

      AdminApi.given().post("/api/v1/releases/" + first + "/abort").then().statusCode(202);
      DeployableService.awaitStatus(first, "aborted");
    }
  }

  @Test
  void ofTwoDeploysAtOnceOneStartsAndTheOtherIs409NamingTheRunningRelease() throws Exception {
    String body =
        "{\"version\":\"v1\",\"targets\":[\""
            + DeployableService.target(service.instance("v1"))
            + "\"]}";
    CompletableFuture<ExtractableResponse<Response>> one =
        CompletableFuture.supplyAsync(() -> service.post(body).extract());
    CompletableFuture<ExtractableResponse<Response>> two =
        CompletableFuture.supplyAsync(() -> service.post(body).extract());

    List<ExtractableResponse<Response>> answers = List.of(one.get(), two.get());
    ExtractableResponse<Response> started =
        answers.stream().filter(a -> a.statusCode() == 202).findFirst().orElseThrow();
    ExtractableResponse<Response> refused =
        answers.stream().filter(a -> a.statusCode() == 409).findFirst().orElseThrow();
    long id = started.jsonPath().getLong("id");
    String detail = refused.jsonPath().getString("detail");
    assertTrue(
        detail.equals(
                "service "
                    + service.name()
                    + " already has a running release: wait for it to end, or abort it first")
            || detail.contains("(" + id + ")"),
        detail);
    DeployableService.awaitStatus(id, "live");
  }

  @Test
  void theDeployEndpointNeedsTheAdminToken() {
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body("{\"version\":\"v2\"}")
        .when()
        .post("/api/v1/services/" + service.name() + "/deploys")
        .then()
        .statusCode(401)
        .contentType(Problem.MEDIA_TYPE);
  }
}
