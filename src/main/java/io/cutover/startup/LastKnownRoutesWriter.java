package io.cutover.startup;

import io.cutover.config.CutoverConfig;
import io.cutover.config.DriverType;
import io.cutover.config.ServiceConfig;
import io.cutover.instance.Instance;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.service.ServiceWentLive;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Writes the last-known routes each time a service gets a new live release, on a thread of its own
 * (the event comes from inside a deploy). Services not live here now keep their entry of the file:
 * a service whose restore is still to come is not forgotten.
 */
@ApplicationScoped
public class LastKnownRoutesWriter {
  private static final Logger LOG = Logger.getLogger(LastKnownRoutesWriter.class);

  private final LiveServices services;
  private final LastKnownRoutes routes;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(DaemonThreads.named("cutover-last-known-routes"));

  LastKnownRoutesWriter(LiveServices services, CutoverConfig config) {
    this.services = services;
    this.routes = new LastKnownRoutes(config.dataDir());
  }

  LastKnownRoutes routes() {
    return routes;
  }

  void onLive(@Observes ServiceWentLive event) {
    try {
      writer.execute(this::write);
    } catch (RejectedExecutionException stopping) {
      // A release that goes live while the gateway stops: the file keeps the routes it had, which
      // the next start restores from the database anyway.
      LOG.debugf("last-known routes not written: the gateway is stopping");
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    writer.shutdown();
  }

  private void write() {
    try {
      Map<String, LastKnownRoutes.Entry> entries = new TreeMap<>();
      routes.read().forEach(entry -> entries.put(entry.service(), entry));
      for (LiveService live : services.all().values()) {
        LastKnownRoutes.Entry entry = entry(live);
        if (entry != null) {
          entries.put(entry.service(), entry);
        }
      }
      routes.write(new ArrayList<>(entries.values()));
    } catch (IOException | RuntimeException e) {
      LOG.warnf("last-known routes not written file=%s reason=%s", routes.file(), e.toString());
    }
  }

  /** The service's live release, or null before its first. */
  static LastKnownRoutes.Entry entry(LiveService live) {
    Long releaseId = live.liveReleaseId();
    InstancePool pool = live.livePool();
    if (releaseId == null || pool == null) {
      return null;
    }
    ServiceConfig config = live.liveConfig() != null ? live.liveConfig() : live.config();
    List<String> targets =
        config.driver().type() == DriverType.STATIC
            ? pool.instances().stream().map(LastKnownRoutesWriter::address).toList()
            : List.of();
    return new LastKnownRoutes.Entry(live.name(), releaseId, live.liveVersion(), targets);
  }

  private static String address(Instance instance) {
    return instance.host() + ":" + instance.port();
  }
}
