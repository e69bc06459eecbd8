package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.OwnDatabaseProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops while a release rolls out: the rollout ends on the gateway's own, and its end is
 * written down once PostgreSQL is back (with the time it ended), so the release does not look
 * running forever and the service takes deploys again.
 */
@QuarkusTest
@TestProfile(OwnDatabaseProfile.class)
class DatabaseOutageMidDeployTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;

  @AfterEach
  void databaseBack() {
    OwnDatabaseProfile.startDatabase();
  }

  @Test
  void aReleaseThatWentLiveDuringTheOutageIsRecordedLiveOnceTheDatabaseIsBack() {
    try (DeployScenario scenario =
        scenario().configure("", "deploy: {bake: 3s, analysis: {min-requests: 0}}\n")) {
      scenario.deployAndAwait("v1"); // live, and its rollout over
      Release v2 = scenario.deploy("v2");
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> find(v2).getSwitchedAt() != null); // baking now

      OwnDatabaseProfile.stopDatabase();
      awaitRolloutOver(scenario);
      Instant over = Instant.now();
      assertEquals("v2", liveVersion(scenario), "v2 passed its bake and serves");
      OwnDatabaseProfile.startDatabase();

      Release recorded = awaitRecorded(v2);
      assertEquals(ReleaseStatus.LIVE, recorded.getStatus(), recorded::toString);
      assertTrue(
          !recorded.getFinishedAt().isAfter(over),
          () -> "finishedAt is when it went live, not when written down: " + recorded);
      scenario.awaitStatus(scenario.deploy("v3"), ReleaseStatus.LIVE);
    }
  }

  @Test
  void aReleaseRevertedDuringTheOutageIsRecordedSoOnceTheDatabaseIsBack() {
    try (DeployScenario scenario = scenario().configure("", "")) {
      scenario.deployAndAwait("v1"); // live, and its rollout over
      // v2 starts slowly: the database stops before its switch can be written down.
      scenario.configure("FAULT_SLOW_START: \"3s\"", "");
      Release v2 = scenario.deploy("v2");
      scenario.awaitStatus(v2, ReleaseStatus.DEPLOYING);

      OwnDatabaseProfile.stopDatabase();
      awaitRolloutOver(scenario);
      assertEquals("v1", liveVersion(scenario), "the switch was not recorded: v1 serves again");
      OwnDatabaseProfile.startDatabase();

      Release recorded = awaitRecorded(v2);
      assertEquals(ReleaseStatus.ROLLED_BACK, recorded.getStatus(), recorded::toString);
      assertTrue(
          recorded.getReason().contains("database is unavailable"),
          () -> "the reason says why: " + recorded);
      scenario.configure("", "");
      scenario.awaitStatus(scenario.deploy("v3"), ReleaseStatus.LIVE);
    }
  }

  private DeployScenario scenario() {
    return new DeployScenario(executor, history, services);
  }

  private Release find(Release release) {
    return history.find(release.getId()).await().atMost(Duration.ofSeconds(10));
  }

  /** The executor has let go of the release: its rollout is over, recorded or not. */
  private void awaitRolloutOver(DeployScenario scenario) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> executor.runningRelease(scenario.service).isEmpty());
  }

  private String liveVersion(DeployScenario scenario) {
    return services.service(scenario.service).orElseThrow().liveVersion();
  }

  /** Waits (the pool reconnecting meanwhile) until the release is no longer recorded running. */
  private Release awaitRecorded(Release release) {
    AtomicReference<Release> seen = new AtomicReference<>();
    Awaitility.await("release " + release.getId() + " recorded as ended")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              seen.set(find(release));
              return seen.get().getStatus().isFinal()
                  || seen.get().getStatus() == ReleaseStatus.LIVE;
            });
    return seen.get();
  }
}
