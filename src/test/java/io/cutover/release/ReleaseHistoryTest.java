package io.cutover.release;

import static io.cutover.release.ReleaseFixtures.await;
import static io.cutover.release.ReleaseFixtures.create;
import static io.cutover.release.ReleaseFixtures.release;
import static io.cutover.release.ReleaseFixtures.uniqueService;
import static io.cutover.release.ReleaseStatus.ABORTED;
import static io.cutover.release.ReleaseStatus.DEPLOYING;
import static io.cutover.release.ReleaseStatus.FAILED;
import static io.cutover.release.ReleaseStatus.LIVE;
import static io.cutover.release.ReleaseStatus.PAUSED;
import static io.cutover.release.ReleaseStatus.PENDING;
import static io.cutover.release.ReleaseStatus.SUPERSEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseHistoryTest {
  @Inject ReleaseHistory history;

  @Test
  void aCreatedReleaseIsPendingAndFoundByItsId() {
    String service = uniqueService();
    NewRelease request =
        NewRelease.of(service, "v2", "static", ReleaseTrigger.CLI)
            .withPrevious(null)
            .withConfig("{\"instances\":2}")
            .withTargets(List.of("127.0.0.1:9002", "127.0.0.1:9003"))
            .withReason("first deploy");

    Release created = await(history.create(request));
    Release found = await(history.find(created.getId()));

    assertTrue(created.getId() > 0);
    assertEquals(service, found.getService());
    assertEquals("v2", found.getVersion());
    assertEquals("static", found.getStrategy());
    assertEquals(PENDING, found.getStatus());
    assertEquals(ReleaseTrigger.CLI, found.getTrigger());
    assertEquals(created.getCreatedAt(), found.getCreatedAt());
    assertNull(found.getStartedAt());
    assertNull(found.getFinishedAt());
    assertEquals("first deploy", found.getReason());
    assertEquals("{\"instances\":2}", found.getConfig());
    assertEquals(List.of("127.0.0.1:9002", "127.0.0.1:9003"), found.getTargets());
    assertEquals(0, found.getRequests());
  }

  @Test
  void anUnknownIdIsNotFound() {
    ReleaseNotFoundException missing =
        assertThrows(ReleaseNotFoundException.class, () -> await(history.find(Long.MAX_VALUE)));
    assertEquals(Long.MAX_VALUE, missing.releaseId());
  }

  @Test
  void aDeployMovesThroughItsStatusesAndStampsEachStep() {
    long id = create(history, uniqueService(), "v1").getId();

    Release deploying = await(history.moveTo(id, DEPLOYING, null));
    Release paused = await(history.moveTo(id, PAUSED, "canary step 1 waits for promote"));
    Release resumed = await(history.moveTo(id, DEPLOYING, null));
    Release live =
        await(
            history.update(
                id, ReleaseChange.to(LIVE).because("all steps passed").traffic(1200, 3)));

    assertNotNull(deploying.getStartedAt());
    assertNull(deploying.getSwitchedAt());
    assertEquals("canary step 1 waits for promote", paused.getReason());
    assertEquals(deploying.getStartedAt(), resumed.getStartedAt());
    assertEquals(LIVE, live.getStatus());
    assertNotNull(live.getSwitchedAt());
    assertNotNull(live.getFinishedAt());
    assertEquals(1200, live.getRequests());
    assertEquals(3, live.getErrors());
    assertEquals("all steps passed", await(history.find(id)).getReason());
  }

  @Test
  void theSwitchTimeIsKeptFromTheMomentTrafficMoved() {
    long id = create(history, uniqueService(), "v1").getId();
    await(history.moveTo(id, DEPLOYING, null));

    Release switched = await(history.update(id, ReleaseChange.none().switched()));
    Release live = await(history.moveTo(id, LIVE, null));

    assertNotNull(switched.getSwitchedAt());
    assertEquals(switched.getSwitchedAt(), live.getSwitchedAt());
  }

  @Test
  void anIllegalTransitionIsRefusedAndChangesNothing() {
    long id = create(history, uniqueService(), "v1").getId();

    IllegalTransitionException refused =
        assertThrows(IllegalTransitionException.class, () -> await(history.moveTo(id, LIVE, "x")));

    assertEquals(PENDING, refused.from());
    assertEquals(LIVE, refused.to());
    assertContains(refused.getMessage(), "pending", "live", "deploying");
    Release unchanged = await(history.find(id));
    assertEquals(PENDING, unchanged.getStatus());
    assertNull(unchanged.getReason());
  }

  @Test
  void anEndedReleaseCannotBeResumed() {
    long id = release(history, uniqueService(), "v1", "canary", FAILED).getId();

    IllegalTransitionException refused =
        assertThrows(
            IllegalTransitionException.class, () -> await(history.moveTo(id, DEPLOYING, null)));

    assertContains(refused.getMessage(), "failed", "ended");
  }

  @Test
  void aSecondRunningReleaseOfAServiceIsAConflict() {
    String service = uniqueService();
    Release running = release(history, service, "v1", "bluegreen", DEPLOYING);

    ReleaseConflictException conflict =
        assertThrows(ReleaseConflictException.class, () -> create(history, service, "v2"));

    assertEquals(service, conflict.service());
    assertEquals(running.getId(), conflict.running().getId());
    assertContains(conflict.getMessage(), service, "v1", "deploying");
  }

  @Test
  void aServiceMayDeployAgainOnceItsRunningReleaseEnded() {
    String service = uniqueService();
    Release first = create(history, service, "v1");
    await(history.moveTo(first.getId(), ABORTED, "changed my mind"));

    Release second = create(history, service, "v2");

    assertEquals(PENDING, second.getStatus());
  }

  @Test
  void otherServicesDeployAtTheSameTime() {
    create(history, uniqueService(), "v1");

    Release other = create(history, uniqueService(), "v1");

    assertEquals(PENDING, other.getStatus());
  }

  @Test
  void goingLiveSupersedesThePreviousLiveRelease() {
    String service = uniqueService();
    Release v1 = release(history, service, "v1", "bluegreen", LIVE);
    Release v2 = release(history, service, "v2", "bluegreen", DEPLOYING);

    await(history.moveTo(v2.getId(), LIVE, null));

    Release old = await(history.find(v1.getId()));
    assertEquals(SUPERSEDED, old.getStatus());
    assertEquals("superseded by release " + v2.getId() + " (v2)", old.getReason());
    assertEquals(v1.getFinishedAt(), old.getFinishedAt());
    assertEquals(v2.getId(), await(history.live(service)).orElseThrow().getId());
  }

  @Test
  void runningAndLiveAreFoundPerService() {
    String service = uniqueService();
    Release live = release(history, service, "v1", "bluegreen", LIVE);
    Release running = release(history, service, "v2", "canary", PAUSED);

    assertEquals(running.getId(), await(history.running(service)).orElseThrow().getId());
    assertEquals(live.getId(), await(history.live(service)).orElseThrow().getId());
    assertTrue(await(history.running(uniqueService())).isEmpty());
    assertTrue(await(history.live(uniqueService())).isEmpty());
  }

  @Test
  void theLastLiveReleaseBeforeAnotherIsTheRollbackTarget() {
    String service = uniqueService();
    Release v1 = release(history, service, "v1", "bluegreen", SUPERSEDED);
    release(history, service, "v2", "bluegreen", FAILED);
    Release v3 = release(history, service, "v3", "bluegreen", LIVE);
    release(history, service, "v4", "canary", ReleaseStatus.ROLLED_BACK);

    assertEquals(
        v1.getId(), await(history.lastLiveBefore(service, v3.getId())).orElseThrow().getId());
    assertTrue(await(history.lastLiveBefore(service, v1.getId())).isEmpty());
  }

  @Test
  void aVersionFindsTheNewestReleaseWithIt() {
    String service = uniqueService();
    release(history, service, "v1", "bluegreen", SUPERSEDED);
    release(history, service, "v2", "bluegreen", SUPERSEDED);
    Release again = release(history, service, "v1", "bluegreen", LIVE);

    assertEquals(
        again.getId(), await(history.latestWithVersion(service, "v1")).orElseThrow().getId());
    assertTrue(await(history.latestWithVersion(service, "v9")).isEmpty());
  }

  @Test
  void liveReleasesHaveOneReleasePerServiceToRestoreRoutes() {
    String web = uniqueService();
    String api = uniqueService();
    release(history, web, "v1", "bluegreen", LIVE);
    Release webNow = release(history, web, "v2", "bluegreen", LIVE);
    Release apiNow = release(history, api, "v7", "rolling", LIVE);
    release(history, api, "v8", "rolling", DEPLOYING);

    List<Release> live = await(history.liveReleases());

    assertTrue(live.stream().allMatch(release -> release.getStatus() == LIVE));
    assertEquals(List.of(webNow.getId()), idsOf(live, web));
    assertEquals(List.of(apiNow.getId()), idsOf(live, api));
  }

  @Test
  void aRestartFailsEveryReleaseThatWasStillRunning() {
    // failInterrupted is global by design (one gateway owns the database): assert on own rows only.
    String service = uniqueService();
    Release live = release(history, service, "v1", "bluegreen", LIVE);
    Release deploying = release(history, service, "v2", "bluegreen", DEPLOYING);
    Release pending = create(history, uniqueService(), "v1");
    String reason = "gateway restarted while the release was deploying";

    List<Release> failed = await(history.failInterrupted(reason));

    List<Long> failedIds = failed.stream().map(Release::getId).toList();
    assertTrue(
        failedIds.containsAll(List.of(deploying.getId(), pending.getId())), failedIds::toString);
    for (long id : List.of(deploying.getId(), pending.getId())) {
      Release now = await(history.find(id));
      assertEquals(FAILED, now.getStatus());
      assertEquals(reason, now.getReason());
      assertNotNull(now.getFinishedAt());
    }
    assertEquals(LIVE, await(history.find(live.getId())).getStatus());
    assertTrue(await(history.running(service)).isEmpty());
  }

  private static List<Long> idsOf(List<Release> releases, String service) {
    return releases.stream()
        .filter(release -> release.getService().equals(service))
        .map(Release::getId)
        .toList();
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "'" + part + "' missing from: " + text);
    }
  }
}
