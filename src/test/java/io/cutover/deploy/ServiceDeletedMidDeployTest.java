package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.TestServicesFolder;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.routing.LiveRouteTable;
import io.cutover.service.LiveServices;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A service file deleted while its release runs: the release ends, the route stays gone. */
@QuarkusTest
class ServiceDeletedMidDeployTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject LiveRouteTable routes;

  private DeployScenario scenario;

  @BeforeEach
  void start() {
    scenario = new DeployScenario(executor, history, services);
  }

  @AfterEach
  void stop() {
    scenario.close();
  }

  @Test
  void aServiceDeletedDuringACanaryStepEndsItsReleaseAndFreesItsHostForAnotherService() {
    // Given v1 live and v2 held at a canary step of 60 s
    scenario.configure(1, "", "deploy: {canary: {steps: [{weight: 20, pause: 60s}]}}\n");
    scenario.deployAndAwait("v1", "canary");
    Release v2 = scenario.deploy("v2", "canary");
    scenario.awaitEvent(v2, "release.waiting", null);

    // When its file is deleted
    scenario.deleteFile();

    // Then the release ends aborted, saying why, and its route stays out of the table
    Release ended = scenario.awaitEnd(v2);
    assertEquals(ReleaseStatus.ABORTED, ended.getStatus(), ended.getReason());
    assertTrue(ended.getReason().contains("service file was deleted"), ended.getReason());
    Awaitility.await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(20))
        .until(() -> routes.current().service(scenario.service) == null);
    assertNull(routes.current().lookup(scenario.host(), "/"));

    // And another service can claim its host at once
    String successor = TestServicesFolder.uniqueName("heir");
    scenario.writeOther(
        successor, "routes: {hosts: [\"" + scenario.host() + "\"]}\ndriver: {type: static}\n");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> routes.current().service(successor) != null);
    assertEquals(successor, routes.current().lookup(scenario.host(), "/").service());
  }
}
