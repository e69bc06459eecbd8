package io.cutover.proxy;

/**
 * The traffic port's defaults, once: {@link ProxyConfig}'s {@code @WithDefault}s are built from
 * these constants (a constant concatenation is a compile-time constant) and {@link
 * ProxySettings#defaults()} reads them, so the config and the tests' harness cannot drift apart.
 */
final class ProxyDefaults {
  static final String HOST = "0.0.0.0";
  static final int PORT = 8080;
  static final int TLS_PORT = 8443;
  static final int POOL_SIZE = 64;
  static final int CONNECT_TIMEOUT_SECONDS = 5;
  static final int UPSTREAM_TIMEOUT_SECONDS = 60;
  static final boolean VERSION_HEADER = false;
  static final int MAX_HELD = 10_000;
  static final int REQUEST_HEADER_TIMEOUT_SECONDS = 10;
  static final int IDLE_TIMEOUT_SECONDS = 75;
  static final int MAX_CONNECTIONS = 10_000;
  // As many as client connections may be open: the default never refuses a request the cap let
  // in (at 256, 1,000 clients on one instance got 70% 503s in the bench).
  static final int POOL_WAIT_QUEUE = MAX_CONNECTIONS;
  // Like kamal-proxy's: no bound unless set, so uploads that work today keep working.
  static final String MAX_BODY_TEXT = "unlimited";
  static final long MAX_BODY = Long.MAX_VALUE;

  private ProxyDefaults() {}

  /** One event loop per core. */
  static int eventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
