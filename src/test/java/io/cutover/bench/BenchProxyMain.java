package io.cutover.bench;

import io.cutover.proxy.ProxyServer;
import io.cutover.proxy.ProxySettings;
import io.cutover.routing.Backend;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.Pool;
import io.cutover.routing.ServiceRoute;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;

/**
 * Runs the data plane alone, in front of one backend, for {@code deploy-tests/bench/run.sh}.
 *
 * <p>A plain main rather than Quarkus so the benchmark measures the proxy's hot path and nothing
 * else (no REST, health or CDI on the traffic port), while still using the production {@link
 * ProxySettings#defaults()}: only host and port differ, so a number here is a number for what
 * ships.
 *
 * <p>Usage: {@code BenchProxyMain --port P --backend-port B [--event-loops N]}
 */
public final class BenchProxyMain {
  private BenchProxyMain() {}

  public static void main(String[] args) throws Exception {
    int port = -1;
    int backendPort = -1;
    // Same default as the production settings (one loop per available CPU), so the Vert.x pool
    // and the number of proxy verticles agree unless the caller says otherwise.
    int eventLoops = ProxySettings.defaults().eventLoops();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--backend-port" -> backendPort = Integer.parseInt(args[++i]);
        case "--event-loops" -> eventLoops = Integer.parseInt(args[++i]);
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (port <= 0 || backendPort <= 0 || eventLoops <= 0) {
      usage("--port and --backend-port are required");
    }

    // Native epoll when it is on the classpath, as in production; Vert.x falls back to NIO
    // otherwise, and says so in isNativeTransportEnabled().
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(eventLoops).setPreferNativeTransport(true));

    // One service answering every Host and path, one stable pool with the single backend: the
    // cheapest route the chooser can take, so the numbers are the proxy's own cost.
    LiveRouteTable routes = new LiveRouteTable();
    routes.put(
        ServiceRoute.of("bench", List.of("*"), "/")
            .withPools(
                List.of(
                    new Pool(
                        "v1",
                        100,
                        Pool.Role.STABLE,
                        List.of(new Backend("bench-1", "v1", "127.0.0.1", backendPort))))));

    // Loopback only: the benchmark never listens on a public address.
    ProxySettings settings = ProxySettings.defaults().withPort(port).withHost("127.0.0.1");
    ProxyServer server =
        new ProxyServer(vertx, settings, routes)
            .start()
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    // Printed before the ready line, which the script waits for, so its log explains a number.
    System.out.println(
        "bench proxy eventLoops="
            + eventLoops
            + " verticles="
            + settings.eventLoops()
            + " nativeTransport="
            + vertx.isNativeTransportEnabled());
    System.out.println("bench proxy listening port=" + server.port());
    // Vert.x's event-loop threads are non-daemon: main returns and the JVM runs until killed.
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: BenchProxyMain --port P --backend-port B [--event-loops N]");
    System.exit(2);
  }
}
