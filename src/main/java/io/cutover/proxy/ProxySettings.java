package io.cutover.proxy;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the data plane needs to run, independent of where it was configured.
 *
 * @param host address the traffic port binds to
 * @param port traffic port (0 picks a free one)
 * @param eventLoops proxy verticles, one per event loop
 * @param poolSize keep-alive connections per event loop to each instance, for requests without a
 *     body and again (a pool of its own) for requests with one
 * @param connectTimeout how long to wait for a connection to an instance (connect or pool wait)
 * @param upstreamTimeout how long an instance may stay silent before the request gets 504
 * @param versionHeader add {@code X-Cutover-Version} naming the version that served
 * @param maxHeldPerLoop bound on requests held per event loop while a service has no instance
 * @param requestHeaderTimeout how long a client may take to send a request's headers
 * @param idleTimeout how long a connection may stay open with no request on it
 * @param maxConnections client connections open at once on the traffic port, all loops together
 * @param poolWaitQueue requests per event loop and instance that may wait for a pooled connection
 * @param trustedProxies peers whose {@code X-Forwarded-*} and {@code X-Request-Id} are kept
 * @param tlsPort the TLS port (0 picks a free one, -1: none), listening once a service has tls
 * @param maxBody bytes a request body may have where a service sets none ({@code Long.MAX_VALUE}:
 *     unlimited)
 */
public record ProxySettings(
    String host,
    int port,
    int eventLoops,
    int poolSize,
    Duration connectTimeout,
    Duration upstreamTimeout,
    boolean versionHeader,
    int maxHeldPerLoop,
    Duration requestHeaderTimeout,
    Duration idleTimeout,
    int maxConnections,
    int poolWaitQueue,
    TrustedProxies trustedProxies,
    int tlsPort,
    long maxBody) {

  /** What {@link ProxyConfig} gives with nothing set: both read {@link ProxyDefaults}. */
  public static ProxySettings defaults() {
    return new ProxySettings(
        ProxyDefaults.HOST,
        ProxyDefaults.PORT,
        ProxyDefaults.eventLoops(),
        ProxyDefaults.POOL_SIZE,
        Duration.ofSeconds(ProxyDefaults.CONNECT_TIMEOUT_SECONDS),
        Duration.ofSeconds(ProxyDefaults.UPSTREAM_TIMEOUT_SECONDS),
        ProxyDefaults.VERSION_HEADER,
        ProxyDefaults.MAX_HELD,
        Duration.ofSeconds(ProxyDefaults.REQUEST_HEADER_TIMEOUT_SECONDS),
        Duration.ofSeconds(ProxyDefaults.IDLE_TIMEOUT_SECONDS),
        ProxyDefaults.MAX_CONNECTIONS,
        ProxyDefaults.POOL_WAIT_QUEUE,
        TrustedProxies.NONE,
        ProxyDefaults.TLS_PORT,
        ProxyDefaults.MAX_BODY);
  }

  public ProxySettings withPort(int newPort) {
    return edit(b -> b.port = newPort);
  }

  public ProxySettings withHost(String newHost) {
    return edit(b -> b.host = newHost);
  }

  public ProxySettings withUpstreamTimeout(Duration timeout) {
    return edit(b -> b.upstreamTimeout = timeout);
  }

  public ProxySettings withVersionHeader(boolean on) {
    return edit(b -> b.versionHeader = on);
  }

  public ProxySettings withConnectTimeout(Duration timeout) {
    return edit(b -> b.connectTimeout = timeout);
  }

  /** The client-side timeouts: headers within {@code header}, no request for {@code idle}. */
  public ProxySettings withClientTimeouts(Duration header, Duration idle) {
    return edit(
        b -> {
          b.requestHeaderTimeout = header;
          b.idleTimeout = idle;
        });
  }

  /** {@code loops} event loops, pools of {@code size} per instance, {@code waitQueue} waiting. */
  public ProxySettings withPool(int loops, int size, int waitQueue) {
    return edit(
        b -> {
          b.eventLoops = loops;
          b.poolSize = size;
          b.poolWaitQueue = waitQueue;
        });
  }

  public ProxySettings withMaxConnections(int max) {
    return edit(b -> b.maxConnections = max);
  }

  public ProxySettings withTrustedProxies(TrustedProxies trusted) {
    return edit(b -> b.trustedProxies = trusted);
  }

  public ProxySettings withTlsPort(int port) {
    return edit(b -> b.tlsPort = port);
  }

  public ProxySettings withMaxBody(long bytes) {
    return edit(b -> b.maxBody = bytes);
  }

  private ProxySettings edit(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A mutable copy, so each {@code with} names only what it changes. */
  private static final class Copy {
    String host;
    int port;
    int eventLoops;
    int poolSize;
    Duration connectTimeout;
    Duration upstreamTimeout;
    boolean versionHeader;
    int maxHeldPerLoop;
    Duration requestHeaderTimeout;
    Duration idleTimeout;
    int maxConnections;
    int poolWaitQueue;
    TrustedProxies trustedProxies;
    int tlsPort;
    long maxBody;

    Copy(ProxySettings s) {
      host = s.host;
      port = s.port;
      eventLoops = s.eventLoops;
      poolSize = s.poolSize;
      connectTimeout = s.connectTimeout;
      upstreamTimeout = s.upstreamTimeout;
      versionHeader = s.versionHeader;
      maxHeldPerLoop = s.maxHeldPerLoop;
      requestHeaderTimeout = s.requestHeaderTimeout;
      idleTimeout = s.idleTimeout;
      maxConnections = s.maxConnections;
      poolWaitQueue = s.poolWaitQueue;
      trustedProxies = s.trustedProxies;
      tlsPort = s.tlsPort;
      maxBody = s.maxBody;
    }

    ProxySettings build() {
      return new ProxySettings(
          host,
          port,
          eventLoops,
          poolSize,
          connectTimeout,
          upstreamTimeout,
          versionHeader,
          maxHeldPerLoop,
          requestHeaderTimeout,
          idleTimeout,
          maxConnections,
          poolWaitQueue,
          trustedProxies,
          tlsPort,
          maxBody);
    }
  }
}
