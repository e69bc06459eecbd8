package io.cutover.config;

import java.util.List;

/** Where a service is mounted: Host header match (port ignored, "*" for any) and path prefix. */
public record RoutesConfig(List<String> hosts, String pathPrefix) {
  public RoutesConfig {
    hosts = List.copyOf(hosts);
  }
}
