package io.cutover.proxy;

import java.time.Duration;

/**
 * What the data plane needs to run, independent of where it was configured.
 *
 * @param host address the traffic port binds to
 * @param port traffic port (0 picks a free one)
 * @param eventLoops proxy verticles, one per event loop
 * @param poolSize keep-alive connections per event loop to each instance
 * @param connectTimeout how long to wait for an instance to accept a connection
 * @param upstreamTimeout how long an instance may stay silent before the request gets 504
 * @param versionHeader add {@code X-Cutover-Version} naming the version that served
 * @param maxHeldPerLoop bound on requests held per event loop while a service has no instance
 */
public record ProxySettings(
    String host,
    int port,
    int eventLoops,
    int poolSize,
    Duration connectTimeout,
    Duration upstreamTimeout,
    boolean versionHeader,
    int maxHeldPerLoop) {

  public static ProxySettings defaults() {
    return new ProxySettings(
        "0.0.0.0",
        8080,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        64,
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        false,
        10_000);
  }

  public ProxySettings withPort(int newPort) {
    return new ProxySettings(
        host,
        newPort,
        eventLoops,
        poolSize,
        connectTimeout,
        upstreamTimeout,
        versionHeader,
        maxHeldPerLoop);
  }

  public ProxySettings withHost(String newHost) {
    return new ProxySettings(
        newHost,
        port,
        eventLoops,
        poolSize,
        connectTimeout,
        upstreamTimeout,
        versionHeader,
        maxHeldPerLoop);
  }

  public ProxySettings withUpstreamTimeout(Duration timeout) {
    return new ProxySettings(
        host, port, eventLoops, poolSize, connectTimeout, timeout, versionHeader, maxHeldPerLoop);
  }

  public ProxySettings withVersionHeader(boolean on) {
    return new ProxySettings(
        host, port, eventLoops, poolSize, connectTimeout, upstreamTimeout, on, maxHeldPerLoop);
  }
}
