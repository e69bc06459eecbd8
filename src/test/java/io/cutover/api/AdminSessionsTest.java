package io.cutover.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dashboard's sessions on their own: ids, idle expiry, logout and the bound. */
class AdminSessionsTest {

  @Test
  void aSessionUnusedForItsTimeoutExpiresAndStaysExpired() {
    AdminSessions sessions = new AdminSessions(Duration.ofMillis(300));
    String id = sessions.open();
    assertTrue(sessions.use(id));
    long opened = System.nanoTime();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> System.nanoTime() - opened > Duration.ofMillis(400).toNanos());

    assertFalse(sessions.use(id), "unused for longer than its timeout");
    assertFalse(sessions.use(id), "an expired session does not come back");
  }

  @Test
  void usingASessionKeepsItAlivePastItsTimeout() {
    AdminSessions sessions = new AdminSessions(Duration.ofMillis(500));
    String id = sessions.open();
    long opened = System.nanoTime();

    // Used every 100 ms for 1.5 s: three timeouts long, never idle for one.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !sessions.use(id) || System.nanoTime() - opened > 1_500_000_000L);

    assertTrue(sessions.use(id));
  }

  @Test
  void aClosedSessionNoLongerAuthorizesAndUnknownIdsNeverDo() {
    AdminSessions sessions = new AdminSessions(Duration.ofMinutes(30));
    String id = sessions.open();
    String other = sessions.open();
    assertNotEquals(id, other);
    assertEquals(43, id.length(), "32 random bytes, base64url without padding");

    sessions.close(id);

    assertFalse(sessions.use(id));
    assertTrue(sessions.use(other));
    assertFalse(sessions.use(null));
    assertFalse(sessions.use(""));
    assertFalse(sessions.use("not-a-session"));
  }

  @Test
  void noMoreThanTheBoundAreKeptAndTheLeastRecentlyUsedGoesFirst() {
    AdminSessions sessions = new AdminSessions(Duration.ofMinutes(30));
    String first = sessions.open();
    String second = sessions.open();
    for (int i = 2; i < AdminSessions.MAX_SESSIONS; i++) {
      sessions.open();
    }
    assertTrue(sessions.use(first)); // second is now the least recently used

    sessions.open();

    assertEquals(AdminSessions.MAX_SESSIONS, sessions.size());
    assertFalse(sessions.use(second));
    assertTrue(sessions.use(first));
  }
}
