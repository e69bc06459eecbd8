package io.cutover.release;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What this gateway knows of releases without asking the database: every release running or live,
 * and how many ended since it started, by service, strategy and status. {@link ReleaseHistory}
 * tells it each release it writes, after the write; a scrape of {@code /q/metrics} reads it and so
 * never waits on the database.
 */
@ApplicationScoped
public class ReleaseBoard {
  /** A release that runs or is live. */
  public record Current(long id, String service, String version, String strategy, String status) {}

  /** The labels ended releases are counted under. */
  public record Ended(String service, String strategy, String status) {}

  private final Map<Long, Current> current = new HashMap<>();
  private final Map<Ended, Long> ended = new HashMap<>();

  /** Releases running or live now, by id. */
  public synchronized List<Current> current() {
    return new ArrayList<>(current.values());
  }

  /** Releases ended since the gateway started (superseded ones included). */
  public synchronized Map<Ended, Long> ended() {
    return Map.copyOf(ended);
  }

  /** {@code release} as it was just written. */
  synchronized void saw(Release release) {
    ReleaseStatus status = release.getStatus();
    long id = release.getId();
    if (status.isFinal()) {
      // Counted once: an update of an ended release (its reason) finds it gone from current.
      if (current.remove(id) != null) {
        count(release.getService(), release.getStrategy(), status);
      }
      return;
    }
    if (status == ReleaseStatus.LIVE) {
      // The history supersedes the previous live release in the same transaction.
      Iterator<Current> it = current.values().iterator();
      while (it.hasNext()) {
        Current other = it.next();
        if (other.id() != id
            && other.service().equals(release.getService())
            && other.status().equals(ReleaseStatus.LIVE.value())) {
          it.remove();
          count(other.service(), other.strategy(), ReleaseStatus.SUPERSEDED);
        }
      }
    }
    current.put(
        id,
        new Current(
            id, release.getService(), release.getVersion(), release.getStrategy(), status.value()));
  }

  /** A release that ended without having been seen running here (interrupted by a restart). */
  synchronized void sawEnded(Release release) {
    current.remove(release.getId());
    count(release.getService(), release.getStrategy(), release.getStatus());
  }

  private void count(String service, String strategy, ReleaseStatus status) {
    ended.merge(new Ended(service, strategy, status.value()), 1L, Long::sum);
  }
}
