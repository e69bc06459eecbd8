package io.cutover.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

import io.cutover.support.AdminApi;
import io.cutover.support.LoopbackInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseControlResourceTest {

  @Test
  void abortingABakingReleaseAnswers202AndTheReleaseEndsAborted() {
    try (DeployableService service = DeployableService.create("abort", "deploy: {bake: 60s}\n")) {
      long id = service.deploy("v1", service.instance("v1"));
      DeployableService.awaitEvent(id, "bake.started");

      AdminApi.given()
          .contentType(ContentType.JSON)
          .body("{\"reason\":\"the graphs look wrong\"}")
          .post("/api/v1/releases/" + id + "/abort")
          .then()
          .statusCode(202)
          .contentType(ContentType.JSON)
          .body("id", equalTo((int) id))
          .body("status", oneOf("deploying", "aborted"));

      DeployableService.awaitStatus(id, "aborted");
      AdminApi.given()
          .get("/api/v1/releases/" + id)
          .then()
          .body("reason", equalTo("aborted: the graphs look wrong"));
      DeployableService.awaitEvent(id, "release.aborted");
    }
  }

  @Test
  void aPauseHoldsTheReleaseBeforeItsNextStepAndResumeLetsItGoOn() {
    try (DeployableService service =
        DeployableService.create("pause", DeployableService.PATIENT_HEALTH)) {
      LoopbackInstance v1 = service.instance("v1");
      v1.health(500); // it waits in the health gate until the test lets it pass
      long id = service.deploy("v1", v1);
      DeployableService.awaitEvent(id, "instances.started");

      post(id, "pause").statusCode(202).body("id", equalTo((int) id));
      v1.health(200);

      DeployableService.awaitStatus(id, "paused");
      DeployableService.awaitEvent(id, "release.paused");
      post(id, "promote")
          .statusCode(409)
          .contentType(Problem.MEDIA_TYPE)
          .body(
              "detail",
              equalTo(
                  "release "
                      + id
                      + " is paused by hand, not waiting at a pause step: resume it to go on"));

      post(id, "resume").statusCode(202);
      DeployableService.awaitStatus(id, "live");
      DeployableService.awaitEvent(id, "release.resumed");
    }
  }

  @Test
  void resumingOrPromotingARunningReleaseThatDoesNotWaitIs409() {
    try (DeployableService service = DeployableService.create("resume", "deploy: {bake: 60s}\n")) {
      long id = service.deploy("v1", service.instance("v1"));
      DeployableService.awaitEvent(id, "bake.started");

      post(id, "resume")
          .statusCode(409)
          .contentType(Problem.MEDIA_TYPE)
          .body(
              "detail",
              equalTo(
                  "release "
                      + id
                      + " is deploying, not paused: resume lets a release paused by hand"
                      + " go on"));
      post(id, "promote")
          .statusCode(409)
          .body("detail", startsWith("release " + id + " is deploying and not waiting at a pause"));

      // No body at all: the reason is the default one.
      post(id, "abort").statusCode(202);
      DeployableService.awaitStatus(id, "aborted");
      AdminApi.given()
          .get("/api/v1/releases/" + id)
          .then()
          .body("reason", equalTo("aborted: by request through the API"));
    }
  }

  @Test
  void drivingAFinishedReleaseIs409SayingItHasEnded() {
    try (DeployableService service = DeployableService.create("finished")) {
      long id = service.deployLive("v1");

      for (String action : new String[] {"promote", "abort", "pause", "resume"}) {
        post(id, action)
            .statusCode(409)
            .contentType(Problem.MEDIA_TYPE)
            .body(
                "detail",
                equalTo(
                    "release "
                        + id
                        + " is live (it serves the traffic; its deploy is over): only a pending,"
                        + " deploying or paused release can be driven"));
      }
    }
  }

  @Test
  void drivingAnUnknownReleaseIs404AndANonNumericOneIs400() {
    post(987654324, "promote")
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("release 987654324 does not exist"));
    AdminApi.given()
        .post("/api/v1/releases/newest/abort")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE);
  }

  @Test
  void anAbortBodyWithAnUnknownFieldIs400NamingIt() {
    AdminApi.given()
        .contentType(ContentType.JSON)
        .body("{\"why\":\"oops\"}")
        .post("/api/v1/releases/987654325/abort")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", equalTo("unknown field \"why\" in the body: the fields are reason"));
  }

  private static ValidatableResponse post(long id, String action) {
    return AdminApi.given().post("/api/v1/releases/" + id + "/" + action).then();
  }
}
