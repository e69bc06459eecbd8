package io.cutover.config;

import java.util.List;

/**
 * Where a service is mounted: Host header match (port ignored, "*" for any) and path prefix; and
 * how it is served over TLS.
 *
 * @param tls its certificate on the TLS port, {@link TlsConfig#OFF} when it has none
 * @param httpsRedirect plain-HTTP requests get 308 to the same URL on https
 */
public record RoutesConfig(
    List<String> hosts, String pathPrefix, TlsConfig tls, boolean httpsRedirect) {
  public RoutesConfig {
    hosts = List.copyOf(hosts);
    // Configs stored with releases before TLS existed read back without it.
    tls = tls == null ? TlsConfig.OFF : tls;
  }

  /** Plain HTTP only. */
  public RoutesConfig(List<String> hosts, String pathPrefix) {
    this(hosts, pathPrefix, TlsConfig.OFF, false);
  }
}
