package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The moment a release reads {@code live}, it is over: the next deploy is accepted (202) and the
 * service shows no running release, even while the rollout still writes its last event.
 */
@QuarkusTest
class DeployRightAfterLiveTest {

  @Test
  void aDeploySentTheMomentTheLastOneIsLiveIsAcceptedNotRefusedWith409() {
    try (DeployableService service = DeployableService.create("next", "deploy: {bake: 0s}\n")) {
      long previous = service.deployLive("v0");
      for (int round = 1; round <= 8; round++) {
        String version = "v" + round;
        // deploy() asserts the 202; awaitStatus polls until live, then the next round goes at once.
        long id = service.deploy(version, service.instance(version));
        assertNotEquals(previous, id);
        DeployableService.awaitStatus(id, "live");
        AdminApi.given()
            .get("/api/v1/services/" + service.name())
            .then()
            .statusCode(200)
            .body("runningReleaseId", org.hamcrest.Matchers.nullValue());
        previous = id;
      }
    }
  }
}
