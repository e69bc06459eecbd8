package io.cutover.proxy;

import io.cutover.routing.ByteSize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The traffic port's settings ({@code cutover.proxy.*}). */
@ConfigMapping(prefix = "cutover.proxy")
public interface ProxyConfig {

  /** Address the traffic port binds to. */
  @WithDefault(ProxyDefaults.HOST)
  String host();

  /** The traffic port; the admin API is on {@code quarkus.http.port}. */
  @WithDefault("" + ProxyDefaults.PORT)
  int port();

  /**
   * The TLS port (HTTP/2 and HTTP/1.1 by ALPN, the certificate by SNI); it listens once some
   * service has {@code routes.tls}. -1: no TLS port.
   */
  @WithDefault("" + ProxyDefaults.TLS_PORT)
  int tlsPort();

  /** Proxy event loops; defaults to one per core. */
  OptionalInt eventLoops();

  /**
   * Keep-alive connections per event loop to each instance; requests with a body have a pool of
   * this size of their own, so slow uploads never take the connections other requests need.
   */
  @WithDefault("" + ProxyDefaults.POOL_SIZE)
  int poolSize();

  /**
   * How long an instance may take to accept a connection before the next instance is tried (a
   * timed-out connect is retried like a refused one). A request waits at most twice this for a
   * pooled connection while every one is in use, then goes elsewhere or gets 503.
   */
  @WithDefault(ProxyDefaults.CONNECT_TIMEOUT_SECONDS + "s")
  Duration connectTimeout();

  /** How long an instance may stay silent before the client gets 504. */
  @WithDefault(ProxyDefaults.UPSTREAM_TIMEOUT_SECONDS + "s")
  Duration upstreamTimeout();

  /** Add {@code X-Cutover-Version: <version>} to every proxied response. */
  @WithDefault("" + ProxyDefaults.VERSION_HEADER)
  boolean versionHeader();

  /** Requests each event loop holds at most while a service waits for an instance. */
  @WithDefault("" + ProxyDefaults.MAX_HELD)
  int maxHeld();

  /**
   * How long a client may take to send a request's line and headers, from the connection's start or
   * the previous request's end; a slower client gets 408 and its connection is closed.
   */
  @WithDefault(ProxyDefaults.REQUEST_HEADER_TIMEOUT_SECONDS + "s")
  Duration requestHeaderTimeout();

  /** A client connection with no request on it for this long is closed. */
  @WithDefault(ProxyDefaults.IDLE_TIMEOUT_SECONDS + "s")
  Duration idleTimeout();

  /** Client connections open at once on the traffic port; one more is answered 503 and closed. */
  @WithDefault("" + ProxyDefaults.MAX_CONNECTIONS)
  int maxConnections();

  /**
   * Requests per event loop and instance that may wait for a pooled connection once the pool is in
   * use; one more goes to another instance or gets 503 at once.
   */
  @WithDefault("" + ProxyDefaults.POOL_WAIT_QUEUE)
  int poolWaitQueue();

  /**
   * Peers (IPv4 and IPv6 CIDRs or addresses) whose {@code X-Forwarded-For} is appended to and whose
   * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Request-Id} are kept; from
   * every other peer they are replaced. Default: none.
   */
  Optional<List<String>> trustedProxies();

  /**
   * Largest request body a service without its own {@code limits.max-body} takes: {@code 10MB},
   * {@code 512KB}, {@code 1GB} (powers of 1024) or {@code unlimited}. A larger one gets 413.
   */
  @WithDefault(ProxyDefaults.MAX_BODY_TEXT)
  String maxBody();

  /**
   * On SIGTERM the traffic port stops accepting at once, and requests in progress get this long to
   * finish before the gateway stops (what is left is cut then).
   */
  @WithDefault("30s")
  Duration shutdownDrain();

  /**
   * SO_REUSEPORT on the traffic port, so a new gateway can take the port over from a running one
   * with no failed request: it binds beside the old one (waiting until its live releases are
   * restored when the port is already served), then the old one gets SIGTERM and drains. Needs the
   * native epoll transport (Linux); off: a second gateway on the port fails to start.
   */
  @WithDefault("true")
  boolean reusePort();

  default ProxySettings settings() {
    return new ProxySettings(
        host(),
        port(),
        eventLoops().orElse(ProxyDefaults.eventLoops()),
        poolSize(),
        connectTimeout(),
        upstreamTimeout(),
        versionHeader(),
        maxHeld(),
        requestHeaderTimeout(),
        idleTimeout(),
        maxConnections(),
        poolWaitQueue(),
        TrustedProxies.parse(trustedProxies().orElse(List.of())),
        tlsPort(),
        parsedMaxBody());
  }

  private long parsedMaxBody() {
    try {
      return ByteSize.parse(maxBody());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cutover.proxy.max-body=" + maxBody() + ": " + e.getMessage(), e);
    }
  }
}
