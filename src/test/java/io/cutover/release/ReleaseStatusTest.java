package io.cutover.release;

import static io.cutover.release.ReleaseStatus.ABORTED;
import static io.cutover.release.ReleaseStatus.DEPLOYING;
import static io.cutover.release.ReleaseStatus.FAILED;
import static io.cutover.release.ReleaseStatus.LIVE;
import static io.cutover.release.ReleaseStatus.PAUSED;
import static io.cutover.release.ReleaseStatus.PENDING;
import static io.cutover.release.ReleaseStatus.ROLLED_BACK;
import static io.cutover.release.ReleaseStatus.SUPERSEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseStatusTest {
  @Test
  void statusesUseTheContractsNames() {
    assertEquals(
        List.of(
            "pending",
            "deploying",
            "paused",
            "live",
            "failed",
            "rolled_back",
            "aborted",
            "superseded"),
        Arrays.stream(ReleaseStatus.values()).map(ReleaseStatus::value).toList());
    assertEquals(ROLLED_BACK, ReleaseStatus.of("rolled_back"));
    assertThrows(IllegalArgumentException.class, () -> ReleaseStatus.of("ROLLED_BACK"));
  }

  @Test
  void triggersUseTheContractsNames() {
    assertEquals(
        List.of("api", "cli", "rollback", "auto-rollback"),
        Arrays.stream(ReleaseTrigger.values()).map(ReleaseTrigger::value).toList());
  }

  @Test
  void statusesAndTriggersAreWrittenAsTheirValuesInJson() throws Exception {
    ObjectMapper json = new ObjectMapper();

    assertEquals("\"rolled_back\"", json.writeValueAsString(ROLLED_BACK));
    assertEquals("\"auto-rollback\"", json.writeValueAsString(ReleaseTrigger.AUTO_ROLLBACK));
    assertEquals(PAUSED, json.readValue("\"paused\"", ReleaseStatus.class));
  }

  @Test
  void pendingDeployingAndPausedAreRunningAndTheEndsAreFinal() {
    assertEquals(
        EnumSet.of(PENDING, DEPLOYING, PAUSED),
        EnumSet.copyOf(
            Arrays.stream(ReleaseStatus.values()).filter(ReleaseStatus::isRunning).toList()));
    assertEquals(
        EnumSet.of(FAILED, ROLLED_BACK, ABORTED, SUPERSEDED),
        EnumSet.copyOf(
            Arrays.stream(ReleaseStatus.values()).filter(ReleaseStatus::isFinal).toList()));
    assertFalse(LIVE.isRunning());
    assertFalse(LIVE.isFinal());
  }

  @Test
  void aDeployGoesForwardPausesResumesAndEndsOnlyAlongTheTable() {
    assertTrue(PENDING.canMoveTo(DEPLOYING));
    assertTrue(DEPLOYING.canMoveTo(PAUSED));
    assertTrue(PAUSED.canMoveTo(DEPLOYING));
    assertTrue(PAUSED.canMoveTo(LIVE));
    assertTrue(DEPLOYING.canMoveTo(ROLLED_BACK));
    assertTrue(LIVE.canMoveTo(SUPERSEDED));

    assertFalse(PENDING.canMoveTo(LIVE), "a release goes live only after deploying");
    assertFalse(LIVE.canMoveTo(ROLLED_BACK), "a live release is superseded by its rollback");
    assertFalse(LIVE.canMoveTo(DEPLOYING));
    assertFalse(SUPERSEDED.canMoveTo(LIVE), "going back is a new release");
    for (ReleaseStatus end : EnumSet.of(FAILED, ROLLED_BACK, ABORTED, SUPERSEDED)) {
      for (ReleaseStatus next : ReleaseStatus.values()) {
        assertFalse(end.canMoveTo(next), end + " -> " + next);
      }
    }
  }

  @Test
  void anyRunningReleaseCanFailOrBeAborted() {
    for (ReleaseStatus running : EnumSet.of(PENDING, DEPLOYING, PAUSED)) {
      assertTrue(running.canMoveTo(FAILED), running + " -> failed");
      assertTrue(running.canMoveTo(ABORTED), running + " -> aborted");
    }
  }
}
