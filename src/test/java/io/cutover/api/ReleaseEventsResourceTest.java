package io.cutover.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.release.ReleaseTrigger;
import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseEventsResourceTest {
  @Inject ReleaseHistory history;

  @Test
  void theEventsListTheStepsInOrderFromStartedToLive() {
    try (DeployableService service = DeployableService.create("events")) {
      long id = service.deployLive("v1");

      JsonPath events =
          AdminApi.given()
              .get("/api/v1/releases/" + id + "/events")
              .then()
              .statusCode(200)
              .contentType("application/json")
              .body("nextCursor", nullValue())
              .body(
                  "items.type",
                  contains(
                      "release.started",
                      "instances.started",
                      "instances.healthy",
                      "traffic.switched",
                      "release.live"))
              .body("items[0].releaseId", equalTo((int) id))
              .body("items[0].message", startsWith("deploying v1 with bluegreen"))
              .body("items[0].data.steps[0]", startsWith("StartNew"))
              .extract()
              .jsonPath();
      List<Long> ids = events.getList("items.id", Long.class);
      for (int k = 1; k < ids.size(); k++) {
        assertTrue(ids.get(k - 1) < ids.get(k), "oldest first: " + ids);
      }
    }
  }

  @Test
  void theEventStreamCarriesTheSameEventsLiveAndEndsAfterTheLastOne() {
    try (DeployableService service =
        DeployableService.create("stream", "deploy: {bake: 2s, analysis: {min-requests: 0}}\n")) {
      long id = service.deploy("v1", service.instance("v1"));

      // Opened while the release bakes: the end of the stream must wait for it.
      SseFrames.Stream stream = SseFrames.read("/api/v1/releases/" + id + "/events", 60);

      assertEquals(200, stream.status());
      assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
      List<Object> listed =
          AdminApi.given()
              .get("/api/v1/releases/" + id + "/events")
              .then()
              .extract()
              .jsonPath()
              .getList("items");
      assertEquals(listed.size(), stream.frames().size(), stream.body());
      for (int k = 0; k < listed.size(); k++) {
        JsonObject event = new JsonObject(stream.frames().get(k).data());
        @SuppressWarnings("unchecked")
        var expected = new JsonObject((java.util.Map<String, Object>) listed.get(k));
        assertEquals(expected.getLong("id").toString(), stream.frames().get(k).id());
        assertEquals(expected.getString("type"), stream.frames().get(k).event());
        assertEquals(expected.getString("type"), event.getString("type"));
        assertEquals(expected.getLong("id"), event.getLong("id"));
        assertEquals(expected.getString("message"), event.getString("message"));
      }
      assertEquals("release.started", stream.frames().get(0).event());
      assertTrue(
          stream.frames().stream().anyMatch(f -> f.event().equals("bake.passed")), stream.body());
      assertEquals("release.live", stream.frames().get(stream.frames().size() - 1).event());
      AdminApi.given().get("/api/v1/releases/" + id).then().body("status", equalTo("live"));
    }
  }

  @Test
  void aStreamOfAnEndedReleaseReplaysItsEventsAndEnds() {
    try (DeployableService service = DeployableService.create("replay")) {
      long id = service.deployLive("v1");

      SseFrames.Stream stream = SseFrames.read("/api/v1/releases/" + id + "/events", 30);

      assertEquals(
          List.of(
              "release.started",
              "instances.started",
              "instances.healthy",
              "traffic.switched",
              "release.live"),
          stream.frames().stream().map(SseFrames.Frame::event).toList());
    }
  }

  @Test
  void aStreamOfAReleaseThatEndedWithoutAClosingEventStillEnds() {
    // As a gateway restart leaves one: failed, and nothing logged about it.
    String service = "closing-" + UUID.randomUUID().toString().substring(0, 8);
    Release release =
        history
            .create(NewRelease.of(service, "v1", "bluegreen", ReleaseTrigger.API))
            .chain(created -> history.moveTo(created.getId(), ReleaseStatus.FAILED, "interrupted"))
            .await()
            .atMost(Duration.ofSeconds(30));

    SseFrames.Stream stream = SseFrames.read("/api/v1/releases/" + release.getId() + "/events", 60);

    assertEquals(200, stream.status());
    assertEquals(List.of(), stream.frames());
  }

  @Test
  void twoStreamsOfOneReleaseEachGetEveryEvent() throws Exception {
    try (DeployableService service =
        DeployableService.create("streams", "deploy: {bake: 1s, analysis: {min-requests: 0}}\n")) {
      long id = service.deploy("v1", service.instance("v1"));
      String path = "/api/v1/releases/" + id + "/events";

      CompletableFuture<SseFrames.Stream> one =
          CompletableFuture.supplyAsync(() -> SseFrames.read(path, 60));
      CompletableFuture<SseFrames.Stream> two =
          CompletableFuture.supplyAsync(() -> SseFrames.read(path, 60));

      assertEquals(
          one.get().frames().stream().map(SseFrames.Frame::id).toList(),
          two.get().frames().stream().map(SseFrames.Frame::id).toList());
      assertEquals("release.live", one.get().frames().get(one.get().frames().size() - 1).event());
    }
  }

  @Test
  void theEventsOfAnUnknownReleaseAre404AsJsonAndAsAStream() {
    AdminApi.given()
        .get("/api/v1/releases/987654322/events")
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("release 987654322 does not exist"));

    SseFrames.Stream stream = SseFrames.read("/api/v1/releases/987654322/events", 30);
    assertEquals(404, stream.status(), stream.body());
    assertTrue(stream.body().contains("release 987654322 does not exist"), stream.body());
  }

  @Test
  void aNonNumericReleaseIdIs400ForTheEventsToo() {
    AdminApi.given()
        .get("/api/v1/releases/abc/events")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", startsWith("release id \"abc\" is not a release id"));
  }
}
