package io.cutover.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** The traffic port's settings ({@code cutover.proxy.*}). */
@ConfigMapping(prefix = "cutover.proxy")
public interface ProxyConfig {

  /** Address the traffic port binds to. */
  @WithDefault("0.0.0.0")
  String host();

  /** The traffic port; the admin API is on {@code quarkus.http.port}. */
  @WithDefault("8080")
  int port();

  /** Proxy event loops; defaults to one per core. */
  OptionalInt eventLoops();

  /** Keep-alive connections per event loop to each instance. */
  @WithDefault("64")
  int poolSize();

  /** How long an instance may take to accept a connection before the next one is tried. */
  @WithDefault("5s")
  Duration connectTimeout();

  /** How long an instance may stay silent before the client gets 504. */
  @WithDefault("60s")
  Duration upstreamTimeout();

  /** Add {@code X-Cutover-Version: <version>} to every proxied response. */
  @WithDefault("false")
  boolean versionHeader();

  /** Requests each event loop holds at most while a service waits for an instance. */
  @WithDefault("10000")
  int maxHeld();

  default ProxySettings settings() {
    return new ProxySettings(
        host(),
        port(),
        eventLoops().orElse(Math.max(1, Runtime.getRuntime().availableProcessors())),
        poolSize(),
        connectTimeout(),
        upstreamTimeout(),
        versionHeader(),
        maxHeld());
  }
}
