package io.cutover.proxy;

import io.cutover.routing.LiveCertificates;
import io.cutover.routing.LiveRouteTable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The data plane: one {@link ProxyLoop} per event loop, all sharing the traffic port (Vert.x
 * spreads accepted connections across them) and one live route table.
 */
public final class ProxyServer {
  private static final long DRAIN_POLL_MS = 20;
  private final Vertx vertx;
  private final ProxySettings settings;
  private final LiveRouteTable routes;
  private final LiveCertificates certificates;
  private final ClientConnections connections;
  private final SniKeyManager tlsKeys;
  private final Runnable stopTrackingCertificates;
  private final AtomicReference<ProxyLoop> first = new AtomicReference<>();
  private String deploymentId;
  private boolean reusePort;

  /** Plain HTTP only: no certificate ever comes. */
  public ProxyServer(Vertx vertx, ProxySettings settings, LiveRouteTable routes) {
    this(vertx, settings, routes, new LiveCertificates());
  }

  /** Plain HTTP, and TLS on {@code tls-port} once a certificate is there. */
  public ProxyServer(
      Vertx vertx, ProxySettings settings, LiveRouteTable routes, LiveCertificates certificates) {
    this.vertx = vertx;
    this.settings = settings;
    this.routes = routes;
    this.certificates = certificates;
    this.tlsKeys = new SniKeyManager(certificates);
    this.stopTrackingCertificates = certificates.onReplacing(tlsKeys::replacing);
    this.connections = new ClientConnections(settings);
  }

  /**
   * SO_REUSEPORT on the traffic port (native epoll transport): a new gateway binds the port while
   * the running one still serves, the kernel spreads new connections over both, and the old one
   * then drains ({@link #drain}). Set before {@link #start()}.
   */
  public ProxyServer reusePort(boolean reuse) {
    this.reusePort = reuse;
    return this;
  }

  /** Starts listening; completes once every loop is bound. */
  public Future<ProxyServer> start() {
    DeploymentOptions options = new DeploymentOptions().setInstances(settings.eventLoops());
    return vertx
        .deployVerticle(
            () -> {
              ProxyLoop loop =
                  new ProxyLoop(settings, routes, certificates, tlsKeys, connections, reusePort);
              first.compareAndSet(null, loop);
              return loop;
            },
            options)
        .map(
            id -> {
              deploymentId = id;
              return this;
            });
  }

  /** The bound port: useful when the settings asked for port 0. */
  public int port() {
    return first.get().actualPort();
  }

  /** The bound TLS port, or -1 while it does not listen (no service has a certificate yet). */
  public int tlsPort() {
    ProxyLoop loop = first.get();
    return loop == null ? -1 : loop.httpsPort();
  }

  /** Client connections open now on the traffic port. */
  public int openConnections() {
    return connections.open();
  }

  public LiveRouteTable routes() {
    return routes;
  }

  /**
   * The graceful stop: stops accepting at once, lets each open connection finish its request in
   * progress (then it closes), and stops once none is left or {@code timeout} has passed, whichever
   * comes first. Completes with the number of connections still open at the deadline, cut then.
   * Blocks while the listening socket closes: never call it on an event loop.
   */
  public Future<Integer> drain(Duration timeout) {
    connections.drain();
    long deadline = System.nanoTime() + timeout.toNanos();
    Promise<Integer> drained = Promise.promise();
    // No initial delay of 1 ms: Vert.x 4.5 records a periodic timer's schedule after scheduling
    // it, so cancelling it from a run that came first threw and the drain never completed.
    vertx.setPeriodic(
        DRAIN_POLL_MS,
        timer -> {
          int open = connections.open();
          if (open == 0 || System.nanoTime() - deadline >= 0) {
            drained.tryComplete(open);
            vertx.cancelTimer(timer);
          }
        });
    return drained.future().compose(open -> stop().map(open));
  }

  public Future<Void> stop() {
    stopTrackingCertificates.run();
    if (deploymentId == null) {
      return Future.succeededFuture();
    }
    String id = deploymentId;
    deploymentId = null;
    return vertx.undeploy(id);
  }
}
