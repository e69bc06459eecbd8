package io.cutover.proxy;

import io.cutover.routing.LiveCertificates;
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
  private final LiveCertificates certificates;
  private volatile ProxyServer server;

  ProxyLifecycle(
      Vertx vertx, ProxyConfig config, LiveRouteTable routes, LiveCertificates certificates) {
    this.vertx = vertx;
    this.config = config;
    this.routes = routes;
    this.certificates = certificates;
  }

  void onStart(@Observes StartupEvent event) {
    ProxySettings settings = config.settings();
    server =
        new ProxyServer(vertx, settings, routes, certificates)
            .start()
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    LOG.infof(
        "proxy listened host=%s port=%d eventLoops=%d maxConnections=%d requestHeaderTimeout=%s"
            + " idleTimeout=%s trustedProxies=%s tlsPort=%s maxBody=%s",
        settings.host(),
        server.port(),
        settings.eventLoops(),
        settings.maxConnections(),
        settings.requestHeaderTimeout(),
        settings.idleTimeout(),
        settings.trustedProxies(),
        server.tlsPort() >= 0 ? server.tlsPort() : "once a service has tls",
        io.cutover.routing.ByteSize.format(settings.maxBody()));
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

  /** The bound TLS port, or -1 while it does not listen. */
  public int tlsPort() {
    ProxyServer running = server;
    return running == null ? -1 : running.tlsPort();
  }

  public int port() {
    ProxyServer running = server;
    return running == null ? -1 : running.port();
  }
}
