package io.cutover.cluster;

import io.cutover.release.ReleaseBoard;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseEventListener;
import io.cutover.release.ReleaseEventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Holds the service's lease while this gateway runs one of its releases: taken when the release
 * starts, given back when it ends. The database already refuses a second running release of a
 * service (its unique index, a 409); the lease says which member runs it and, through its expiry,
 * whether that member is still there.
 */
@ApplicationScoped
class LeaseKeeper implements ReleaseEventListener {
  private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);
  private static final Set<String> ENDS =
      Set.of(
          ReleaseEventType.RELEASE_LIVE.value(),
          ReleaseEventType.RELEASE_FAILED.value(),
          ReleaseEventType.RELEASE_ROLLED_BACK.value(),
          ReleaseEventType.RELEASE_ABORTED.value());

  private final ServiceLeases leases;
  private final ReleaseBoard board;

  LeaseKeeper(ServiceLeases leases, ReleaseBoard board) {
    this.leases = leases;
    this.board = board;
  }

  @Override
  public void recorded(ReleaseEvent event) {
    boolean started = event.getType().equals(ReleaseEventType.RELEASE_STARTED.value());
    if (!started && !ENDS.contains(event.getType())) {
      return;
    }
    long releaseId = event.getReleaseId();
    if (started) {
      String service = service(releaseId);
      if (service == null) {
        return;
      }
      leases
          .acquire(service, releaseId)
          .subscribe()
          .with(
              held -> {
                if (held) {
                  LOG.debugf("service lease taken service=%s release=%d", service, releaseId);
                } else {
                  LOG.warnf(
                      "service lease held by another member service=%s release=%d",
                      service, releaseId);
                }
              },
              failure ->
                  LOG.warnf(
                      "service lease not taken service=%s release=%d reason=%s",
                      service, releaseId, failure.toString()));
    } else {
      leases
          .release(releaseId)
          .subscribe()
          .with(
              done -> {},
              failure ->
                  LOG.debugf(
                      "service lease not given back release=%d reason=%s (it expires)",
                      releaseId, failure.toString()));
    }
  }

  /** The starting release's service, from the board (it is there once written). */
  private String service(long releaseId) {
    return board.current().stream()
        .filter(current -> current.id() == releaseId)
        .map(ReleaseBoard.Current::service)
        .findFirst()
        .orElse(null);
  }
}
