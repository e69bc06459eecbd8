package io.cutover.support;

import io.cutover.proxy.ProxyServer;
import io.cutover.proxy.ProxySettings;
import io.cutover.routing.Backend;
import io.cutover.routing.LiveCertificates;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.Pool;
import io.cutover.routing.ServiceRoute;
import io.cutover.routing.Stickiness;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A proxy on a loopback port with its own Vert.x, route table and instances; everything it started
 * is closed with it. Shared defaults of the data-plane tests live here.
 */
public final class ProxyHarness implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final LiveRouteTable routes = new LiveRouteTable();
  public final LiveCertificates certificates = new LiveCertificates();
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final ProxyServer proxy;
  private final HttpClient client;

  public ProxyHarness() {
    this(UnaryOperator.identity());
  }

  public ProxyHarness(UnaryOperator<ProxySettings> tweak) {
    ProxySettings settings =
        tweak.apply(ProxySettings.defaults().withHost("127.0.0.1").withPort(0).withTlsPort(0));
    proxy = await(new ProxyServer(vertx, settings, routes, certificates).start());
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
  }

  public int port() {
    return proxy.port();
  }

  /** The TLS port, or -1 while no certificate made it listen. */
  public int tlsPort() {
    return proxy.tlsPort();
  }

  /** The proxy's graceful stop ({@link ProxyServer#drain}); the harness closes the rest. */
  public Future<Integer> drain(Duration timeout) {
    return proxy.drain(timeout);
  }

  /** Client connections the proxy has open now. */
  public int openConnections() {
    return proxy.openConnections();
  }

  /** A started loopback instance, closed with the harness. */
  public LoopbackInstance instance(String version) {
    LoopbackInstance instance = LoopbackInstance.start(vertx, version);
    owned.add(instance);
    return instance;
  }

  /** Closes every instance started so far: what an instance crash looks like to the proxy. */
  public void closeInstances() {
    for (AutoCloseable c : owned) {
      if (c instanceof LoopbackInstance instance) {
        instance.close();
      }
    }
  }

  /** Routes {@code host} + {@code prefix} to one stable pool of these backends. */
  public ServiceRoute route(String service, String host, String prefix, Backend... backends) {
    ServiceRoute route =
        ServiceRoute.of(service, List.of(host), prefix)
            .withPools(List.of(new Pool("v1", 100, Pool.Role.STABLE, List.of(backends))));
    routes.put(route);
    return route;
  }

  /**
   * Routes every host to a stable v1 and a canary v2 at {@code canaryWeight}, with the canary
   * header {@code X-Cutover-Canary} on.
   */
  public ServiceRoute canaryRoute(Backend stable, Backend canary, int canaryWeight) {
    ServiceRoute route =
        new ServiceRoute(
            "web",
            List.of("*"),
            "/",
            List.of(
                new Pool("v1", 100 - canaryWeight, Pool.Role.STABLE, List.of(stable)),
                new Pool("v2", canaryWeight, Pool.Role.CANARY, List.of(canary))),
            Stickiness.NONE,
            "X-Cutover-Canary",
            Duration.ZERO);
    routes.put(route);
    return route;
  }

  public Reply get(String host, String uri) {
    return get(host, uri, Map.of());
  }

  public Reply get(String host, String uri, Map<String, String> headers) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port())
            .setURI(uri)
            .putHeader("Host", host)
            .setIdleTimeout(30_000);
    headers.forEach(options::putHeader);
    return await(
        client
            .request(options)
            .compose(
                req ->
                    req.send()
                        .compose(
                            resp ->
                                resp.body()
                                    .map(
                                        body ->
                                            new Reply(
                                                resp.statusCode(),
                                                body.toString(),
                                                MultiMap.caseInsensitiveMultiMap()
                                                    .addAll(resp.headers()))))));
  }

  /** A status, a body and the response headers. */
  public record Reply(int status, String body, MultiMap headers) {}

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
    await(proxy.stop());
    await(vertx.close());
  }
}
