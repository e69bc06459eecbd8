package io.cutover.proxy;

import io.cutover.routing.LiveCertificates;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.RoutesRestored;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the data plane on Quarkus' own Vert.x for as long as the application runs. */
@ApplicationScoped
public class ProxyLifecycle {
  private static final Logger LOG = Logger.getLogger(ProxyLifecycle.class);
  // The stop after the drain's deadline: closing what is left takes a moment.
  private static final long STOP_MARGIN_MS = 10_000;

  private final Vertx vertx;
  private final ProxyConfig config;
  private final LiveRouteTable routes;
  private final LiveCertificates certificates;
  private volatile ProxyServer server;
  private volatile boolean draining;
  // Guarded by this: whether the restore ran, and whether the bind waits for it (a handoff).
  private boolean routesRestored;
  private boolean waitingForRoutes;

  ProxyLifecycle(
      Vertx vertx, ProxyConfig config, LiveRouteTable routes, LiveCertificates certificates) {
    this.vertx = vertx;
    this.config = config;
    this.routes = routes;
    this.certificates = certificates;
  }

  void onStart(@Observes StartupEvent event) {
    ProxySettings settings = config.settings();
    synchronized (this) {
      if (!routesRestored
          && config.reusePort()
          && PortHandoff.served(settings.host(), settings.port())) {
        waitingForRoutes = true;
        LOG.infof(
            "proxy port served by a running gateway host=%s port=%d: listening beside it once the"
                + " live releases are restored",
            settings.host(), settings.port());
        return;
      }
    }
    listen(settings);
  }

  /**
   * The start-up restore has run (or the last-known routes serve): a gateway taking the port over
   * from a running one binds it now.
   */
  void routesRestored(@Observes RoutesRestored event) {
    boolean listenNow;
    synchronized (this) {
      routesRestored = true;
      listenNow = waitingForRoutes;
      waitingForRoutes = false;
    }
    if (listenNow && !draining) {
      ProxySettings settings = config.settings();
      try {
        listen(settings);
      } catch (RuntimeException bindFailed) {
        // Taken meanwhile, or held by a process that did not set SO_REUSEPORT: no traffic port,
        // no gateway. Said once, then the gateway exits as it would had the bind failed at start.
        LOG.errorf(
            "proxy could not listen beside the gateway serving host=%s port=%d reason=%s: stop the"
                + " process holding the port, or give this gateway another cutover.proxy.port",
            settings.host(), settings.port(), bindFailed.getMessage());
        Quarkus.asyncExit(1);
      }
    }
  }

  private void listen(ProxySettings settings) {
    server =
        new ProxyServer(vertx, settings, routes, certificates)
            .reusePort(config.reusePort())
            .start()
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    LOG.infof(
        "proxy listened host=%s port=%d reusePort=%s eventLoops=%d maxConnections=%d"
            + " requestHeaderTimeout=%s idleTimeout=%s trustedProxies=%s tlsPort=%s maxBody=%s",
        settings.host(),
        server.port(),
        config.reusePort() && vertx.isNativeTransportEnabled(),
        settings.eventLoops(),
        settings.maxConnections(),
        settings.requestHeaderTimeout(),
        settings.idleTimeout(),
        settings.trustedProxies(),
        server.tlsPort() >= 0 ? server.tlsPort() : "once a service has tls",
        io.cutover.routing.ByteSize.format(settings.maxBody()));
  }

  // First of every shutdown observer: instances must serve the requests in progress to the end.
  void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
    ProxyServer running = server;
    if (running == null) {
      return;
    }
    draining = true;
    Duration drain = config.shutdownDrain();
    long startedAt = System.nanoTime();
    LOG.infof(
        "proxy draining openConnections=%d shutdownDrain=%s", running.openConnections(), drain);
    int cut;
    try {
      cut =
          running
              .drain(drain)
              .toCompletionStage()
              .toCompletableFuture()
              .orTimeout(drain.toMillis() + STOP_MARGIN_MS, TimeUnit.MILLISECONDS)
              .join();
    } catch (RuntimeException e) {
      // The gateway must stop all the same: what is still open is cut with the rest.
      LOG.warnf("proxy drain did not end reason=%s", e);
      cut = running.openConnections();
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    if (cut > 0) {
      LOG.warnf("proxy stopped connectionsCut=%d tookMs=%d", cut, tookMs);
    } else {
      LOG.infof("proxy stopped connectionsCut=0 tookMs=%d", tookMs);
    }
  }

  /** True once the traffic port is bound, false again once it drains: part of readiness. */
  public boolean listening() {
    return server != null && !draining;
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
