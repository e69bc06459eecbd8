package io.cutover.api;

import io.cutover.config.CutoverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The dashboard's sessions: random ids kept in memory only, each good until unused for {@code
 * cutover.admin.session-timeout} or {@link #MAX_LIFETIME} after login, whichever comes first. A
 * browser's {@code EventSource} cannot send the bearer token, so the page logs in once and the
 * session cookie stands in for the token on the admin port. A restart logs everyone out.
 */
@ApplicationScoped
public class AdminSessions {
  /** The cookie's name. */
  static final String COOKIE = "cutover_session";

  private static final Logger LOG = Logger.getLogger(AdminSessions.class);

  static final Duration MAX_LIFETIME = Duration.ofHours(12);

  // Only someone with the token can make sessions; the bound keeps a looping script harmless.
  static final int MAX_SESSIONS = 1000;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final long idleNanos;

  private static final class Session {
    final long bornNanos;
    volatile long usedNanos;

    Session(long now) {
      this.bornNanos = now;
      this.usedNanos = now;
    }
  }

  @Inject
  AdminSessions(CutoverConfig config) {
    this(config.admin().sessionTimeout());
  }

  AdminSessions(Duration idleTimeout) {
    this.idleNanos = idleTimeout.toNanos();
  }

  /** A new session's id: 32 random bytes, URL-safe base64. */
  String open() {
    long now = System.nanoTime();
    sessions.values().removeIf(session -> expired(session, now));
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.entrySet().stream()
          .min((a, b) -> Long.compare(a.getValue().usedNanos, b.getValue().usedNanos))
          .ifPresent(oldest -> sessions.remove(oldest.getKey()));
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Session(now));
    // Never the id: it is as good as the token until it ends.
    LOG.infof("dashboard session opened sessions=%d", sessions.size());
    return id;
  }

  int size() {
    return sessions.size();
  }

  /** True when {@code id} names a live session; using it keeps it alive. */
  boolean use(String id) {
    if (id == null) {
      return false;
    }
    Session session = sessions.get(id);
    long now = System.nanoTime();
    if (session == null) {
      return false;
    }
    if (expired(session, now)) {
      sessions.remove(id, session);
      return false;
    }
    session.usedNanos = now;
    return true;
  }

  /** Ends the session; nothing happens for an unknown id. */
  void close(String id) {
    if (id != null && sessions.remove(id) != null) {
      LOG.infof("dashboard session closed sessions=%d", sessions.size());
    }
  }

  private boolean expired(Session session, long now) {
    return now - session.usedNanos > idleNanos || now - session.bornNanos > MAX_LIFETIME.toNanos();
  }
}
