package io.cutover.proxy;

import io.cutover.routing.LiveRouteTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the data plane on Quarkus' own Vert.x for as long as the application runs. */
@ApplicationScoped
public class ProxyLifecycle {
  private static final Logger LOG = Logger.getLogger(ProxyLifecycle.class);

  private final Vertx vertx;
  private final ProxyConfig config;
  private final LiveRouteTable routes;
  private volatile ProxyServer server;

  ProxyLifecycle(Vertx vertx, ProxyConfig config, LiveRouteTable routes) {
    this.vertx = vertx;
    this.config = config;
    this.routes = routes;
  }

  void onStart(@Observes StartupEvent event) {
    ProxySettings settings = config.settings();
    server =
        new ProxyServer(vertx, settings, routes)
            .start()
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    LOG.infof(
        "proxy listened host=%s port=%d eventLoops=%d maxConnections=%d requestHeaderTimeout=%s"
            + " idleTimeout=%s trustedProxies=%s",
        settings.host(),
        server.port(),
        settings.eventLoops(),
        settings.maxConnections(),
        settings.requestHeaderTimeout(),
        settings.idleTimeout(),
        settings.trustedProxies());
  }

  void onStop(@Observes ShutdownEvent event) {
    ProxyServer running = server;
    if (running != null) {
      running
          .stop()
          .toCompletionStage()
          .toCompletableFuture()
          .orTimeout(10, TimeUnit.SECONDS)
          .join();
      LOG.info("proxy stopped");
    }
  }

  /** True once the traffic port is bound: part of readiness. */
  public boolean listening() {
    return server != null;
  }

  public int port() {
    ProxyServer running = server;
    return running == null ? -1 : running.port();
  }
}
