package io.cutover.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The cluster's settings ({@code cutover.cluster.*}). */
@ConfigMapping(prefix = "cutover.cluster")
public interface ClusterConfig {

  /**
   * A member whose heartbeat is older than this is gone, and the leases it held may be taken; the
   * heartbeat runs three times per lease.
   */
  @WithDefault("10s")
  Duration lease();

  /**
   * The admin URL other members reach this one at (control calls are forwarded there). Default:
   * {@code http://<quarkus.http.host>:<quarkus.http.port>}, with 127.0.0.1 for a wildcard host.
   */
  Optional<String> adminUrl();
}
