package io.cutover.api;

import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseHistory;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Follows a release's step log as it grows: every event after a given one, then each new one as it
 * is appended (polled on a Vert.x timer), until the release has ended and its last event was sent.
 */
@ApplicationScoped
public class ReleaseEventFeed {
  static final long POLL_MS = 250;

  /** The event the executor appends last, after the release reached its end status. */
  private static final Set<String> CLOSING =
      Arrays.stream(ReleaseEventType.values())
          .filter(ReleaseEventType::closes)
          .map(ReleaseEventType::value)
          .collect(Collectors.toUnmodifiableSet());

  /**
   * How long after its end a release may still log its closing event: the executor writes it right
   * after the status, but a loaded machine can take seconds. A release without one (failed by a
   * gateway restart) ends its stream once this has passed since it finished.
   */
  private static final Duration CLOSING_GRACE = Duration.ofSeconds(10);

  private final ReleaseHistory history;
  private final Vertx vertx;

  ReleaseEventFeed(ReleaseHistory history, Vertx vertx) {
    this.history = history;
    this.vertx = vertx;
  }

  /** Events of {@code releaseId} after event {@code afterEventId} (0 for all), live. */
  public Multi<ReleaseEvent> follow(long releaseId, long afterEventId) {
    return Multi.createFrom()
        .emitter(emitter -> new Follower(releaseId, afterEventId, emitter).poll());
  }

  private final class Follower {
    private final long releaseId;
    private final MultiEmitter<? super ReleaseEvent> emitter;
    private long lastSent;
    private volatile long timer = -1;

    Follower(long releaseId, long afterEventId, MultiEmitter<? super ReleaseEvent> emitter) {
      this.releaseId = releaseId;
      this.lastSent = afterEventId;
      this.emitter = emitter;
      emitter.onTermination(
          () -> {
            long id = timer;
            if (id >= 0) {
              vertx.cancelTimer(id);
            }
          });
    }

    void poll() {
      // The release before its events: an end seen here has all but the closing event logged.
      history
          .find(releaseId)
          .chain(
              release ->
                  history.eventsAfter(releaseId, lastSent).map(events -> send(release, events)))
          .subscribe()
          .with(
              ended -> {
                if (ended) {
                  emitter.complete();
                } else if (!emitter.isCancelled()) {
                  timer = vertx.setTimer(POLL_MS, id -> poll());
                }
              },
              emitter::fail);
    }

    /** Sends the events; true when the release has ended and nothing more will come. */
    private boolean send(Release release, List<ReleaseEvent> events) {
      for (ReleaseEvent event : events) {
        if (emitter.isCancelled()) {
          return true;
        }
        emitter.emit(event);
        lastSent = event.getId();
        if (CLOSING.contains(event.getType())) {
          // Steps logged after the end (webhook deliveries) are in the JSON log, not the stream.
          return true;
        }
      }
      if (release.getStatus().isRunning()) {
        return false;
      }
      Instant finished = release.getFinishedAt();
      return finished == null || finished.plus(CLOSING_GRACE).isBefore(Instant.now());
    }
  }
}
