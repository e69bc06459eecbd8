package io.cutover.replication;

import io.cutover.cluster.LocalMember;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseEventListener;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseHistory;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A release this member took over from a gone one (cluster.Takeover) ended without it: the pools
 * that member had published are still in this member's table, part way through. Back to the version
 * that was live, if it still serves (its instances were never retired), in one swap, published so
 * every other member goes back too; else forward, as they are.
 */
@ApplicationScoped
class TakenOverRoutes implements ReleaseEventListener {
  private static final Logger LOG = Logger.getLogger(TakenOverRoutes.class);

  private final LiveServices services;
  private final ReleaseHistory history;
  private final String takenOverByMe;

  TakenOverRoutes(LiveServices services, ReleaseHistory history, LocalMember self) {
    this.services = services;
    this.history = history;
    this.takenOverByMe = "\"takenOverBy\":\"" + self.id() + "\"";
  }

  @Override
  public void recorded(ReleaseEvent event) {
    String type = event.getType();
    boolean ended =
        type.equals(ReleaseEventType.RELEASE_ROLLED_BACK.value())
            || type.equals(ReleaseEventType.RELEASE_FAILED.value());
    if (!ended || event.getData() == null || !event.getData().contains(takenOverByMe)) {
      return;
    }
    history
        .find(event.getReleaseId())
        .subscribe()
        .with(
            release -> services.service(release.getService()).ifPresent(this::backToLive),
            failure ->
                LOG.warnf(
                    "routes not reverted after a takeover release=%d reason=%s",
                    event.getReleaseId(), failure.toString()));
  }

  private void backToLive(LiveService live) {
    List<InstancePool> stable =
        live.pools().stream()
            .filter(pool -> pool.role() == Pool.Role.STABLE && !pool.instances().isEmpty())
            .map(pool -> pool.withWeight(100))
            .toList();
    if (stable.isEmpty() || stable.size() == live.pools().size()) {
      return; // nothing was live any more, or nothing but it serves: as it is
    }
    live.poolsDecided(stable);
    LOG.infof(
        "routes back to the live version after a takeover service=%s version=%s",
        live.name(), stable.get(0).version());
  }
}
