package io.cutover.proxy;

import io.cutover.routing.AcmeChallenges;
import io.cutover.routing.LiveCertificates;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.RouteTable;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy on one event loop: its share of the traffic port, its own connection pool to the
 * instances, and the requests it holds. Everything here runs on that one loop, so none of it is
 * shared or locked.
 */
final class ProxyLoop extends AbstractVerticle {
  private final ProxySettings settings;
  private final LiveRouteTable routes;
  private final LiveCertificates certificates;
  private final SniKeyManager tlsKeys;
  private final ClientConnections connections;
  private final boolean trustsProxies;
  // The gateway-wide limits a service may override, read per request as plain fields.
  private final long connectMillis;
  private final long upstreamMillis;
  private final long maxBody;
  // Clients for services with a connect-timeout of their own: the TCP connect timeout is a client
  // option. Few distinct values, made on first use; each service's instances are its own anyway.
  private final Map<Long, HttpClient[]> clientsByConnectTimeout = new HashMap<>();
  private HttpClientOptions clientOptions;
  private PoolOptions poolOptions;
  private final boolean reusePort;
  private final List<ProxyExchange> held = new ArrayList<>();
  private HttpClient client;
  private HttpClient uploadClient;
  private HttpServer server;
  private HttpServerOptions tlsOptions;
  private HttpServer tlsServer;
  // The port redirects to https name; -1 until the TLS port listens.
  private int httpsPort = -1;
  private Runnable stopListening;
  private Runnable stopWatchingCertificates = () -> {};
  private int tick;

  ProxyLoop(
      ProxySettings settings,
      LiveRouteTable routes,
      LiveCertificates certificates,
      SniKeyManager tlsKeys,
      ClientConnections connections,
      boolean reusePort) {
    this.reusePort = reusePort;
    this.settings = settings;
    this.routes = routes;
    this.certificates = certificates;
    this.tlsKeys = tlsKeys;
    this.connections = connections;
    this.trustsProxies = !settings.trustedProxies().isEmpty();
    this.connectMillis = settings.connectTimeout().toMillis();
    this.upstreamMillis = settings.upstreamTimeout().toMillis();
    this.maxBody = settings.maxBody();
  }

  @Override
  public void start(Promise<Void> started) {
    clientOptions =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout((int) settings.connectTimeout().toMillis())
            .setTcpNoDelay(true)
            .setKeepAliveTimeout(30)
            .setHttp2ClearTextUpgrade(false)
            .setDecompressionSupported(false);
    // Requests with a body hold their connection as long as the client takes to send it: they get
    // a pool of their own, so slow uploaders cannot take the connections every other request needs.
    // Both wait queues are bounded: past them a request goes elsewhere or gets 503 at once.
    poolOptions =
        new PoolOptions()
            .setHttp1MaxSize(settings.poolSize())
            .setMaxWaitQueueSize(settings.poolWaitQueue());
    client = vertx.createHttpClient(clientOptions, poolOptions);
    uploadClient = vertx.createHttpClient(clientOptions, new PoolOptions(poolOptions));
    HttpServerOptions serverOptions =
        new HttpServerOptions()
            .setHost(settings.host())
            .setPort(settings.port())
            .setTcpNoDelay(true)
            .setHttp2ClearTextEnabled(false)
            .setCompressionSupported(false)
            // WebSockets are tunnelled as raw bytes, never terminated here: without these, every
            // connection carries a WebSocket extension handler that inspects every request.
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false)
            .setAcceptBacklog(1024)
            // A new gateway binds the port beside the running one (ProxyServer#reusePort).
            .setReusePort(reusePort);
    Context context = vertx.getOrCreateContext();
    stopListening = routes.onChange(table -> context.runOnContext(v -> releaseHeld(table)));
    server = serve(serverOptions);
    if (settings.tlsPort() >= 0) {
      tlsOptions = TlsListener.options(serverOptions, settings.tlsPort(), tlsKeys);
      stopWatchingCertificates =
          certificates.onChange(c -> context.runOnContext(v -> certificatesChanged()));
    }
    server
        .listen()
        .onSuccess(
            s -> {
              if (!certificates.current().isEmpty()) {
                listenTls();
              }
            })
        .<Void>mapEmpty()
        .onComplete(started);
  }

  private HttpServer serve(HttpServerOptions options) {
    return vertx
        .createHttpServer(options)
        .connectionHandler(connections::accept)
        .invalidRequestHandler(
            new InvalidRequests(options.getMaxInitialLineLength(), options.getMaxHeaderSize()))
        .requestHandler(request -> new ProxyExchange(this, request).start());
  }

  /**
   * The TLS port listens from the first certificate on; later changes need nothing here, the key
   * manager reads the live certificates at each handshake.
   */
  private void certificatesChanged() {
    if (tlsServer == null && !certificates.current().isEmpty()) {
      listenTls();
    }
  }

  private void listenTls() {
    tlsServer = serve(tlsOptions);
    tlsServer
        .listen()
        .onSuccess(
            s -> {
              httpsPort = s.actualPort();
              TlsListener.LOG.infof(
                  "tls port listened port=%d engine=%s alpn=h2,http/1.1",
                  httpsPort,
                  tlsOptions.getSslEngineOptions() instanceof OpenSSLEngineOptions
                      ? "boringssl"
                      : "jdk");
            })
        .onFailure(
            e -> {
              TlsListener.LOG.errorf(
                  "tls port not listening port=%d reason=%s", tlsOptions.getPort(), e);
              tlsServer = null; // tried again at the next certificate change
            });
  }

  @Override
  public void stop(Promise<Void> stopped) {
    stopListening.run();
    stopWatchingCertificates.run();
    HttpServer tls = tlsServer;
    server
        .close()
        .compose(v -> tls == null ? Future.succeededFuture() : tls.close())
        .compose(v -> client.close())
        .compose(v -> uploadClient.close())
        .compose(v -> closeOwnTimeoutClients())
        .onComplete(stopped);
  }

  int actualPort() {
    return server.actualPort();
  }

  /** The TLS port as https URLs name it, or -1 while it does not listen. */
  int httpsPort() {
    return httpsPort;
  }

  ProxySettings settings() {
    return settings;
  }

  AcmeChallenges challenges() {
    return certificates.challenges();
  }

  LiveRouteTable routes() {
    return routes;
  }

  HttpClient client() {
    return client;
  }

  /** The pool for requests that carry a body. */
  HttpClient uploadClient() {
    return uploadClient;
  }

  /** The pool for a request, with or without a body, to a service with this connect timeout. */
  HttpClient client(boolean upload, long connectTimeoutMillis) {
    if (connectTimeoutMillis == connectMillis) {
      return upload ? uploadClient : client;
    }
    HttpClient[] pair =
        clientsByConnectTimeout.computeIfAbsent(
            connectTimeoutMillis,
            millis -> {
              HttpClientOptions options =
                  new HttpClientOptions(clientOptions).setConnectTimeout((int) (long) millis);
              return new HttpClient[] {
                vertx.createHttpClient(options, new PoolOptions(poolOptions)),
                vertx.createHttpClient(options, new PoolOptions(poolOptions))
              };
            });
    return pair[upload ? 1 : 0];
  }

  private Future<Void> closeOwnTimeoutClients() {
    List<Future<Void>> closing = new ArrayList<>();
    for (HttpClient[] pair : clientsByConnectTimeout.values()) {
      closing.add(pair[0].close());
      closing.add(pair[1].close());
    }
    return Future.all(closing).mapEmpty();
  }

  long connectMillis() {
    return connectMillis;
  }

  long upstreamMillis() {
    return upstreamMillis;
  }

  long maxBody() {
    return maxBody;
  }

  Vertx vertx() {
    return vertx;
  }

  /** False by default: then no request looks at its connection's peer at all. */
  boolean trustsSomeProxies() {
    return trustsProxies;
  }

  /** Round-robin start for choosing among equally loaded instances. */
  int nextTick() {
    return tick++;
  }

  boolean hold(ProxyExchange exchange) {
    if (held.size() >= settings.maxHeldPerLoop()) {
      return false;
    }
    held.add(exchange);
    return true;
  }

  void unhold(ProxyExchange exchange) {
    held.remove(exchange);
  }

  private void releaseHeld(RouteTable table) {
    if (held.isEmpty()) {
      return;
    }
    List<ProxyExchange> waiting = new ArrayList<>(held);
    held.clear();
    for (ProxyExchange exchange : waiting) {
      exchange.retryHeld(table);
    }
  }
}
