package io.cutover.acme;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The gateway's ACME settings ({@code cutover.acme.*}), used by services with tls: acme. */
@ConfigMapping(prefix = "cutover.acme")
public interface AcmeConfig {
  /** The ACME directory URL; Let's Encrypt's production one by default. */
  @WithDefault("https://acme-v02.api.letsencrypt.org/directory")
  String directory();

  /** The account's contact address, told about expiring certificates; none by default. */
  Optional<String> email();

  /**
   * A PEM CA certificate to trust for the directory's own HTTPS beside the JVM's (a private ACME
   * server, or pebble in tests).
   */
  Optional<String> trust();

  /** A certificate is renewed this long before it expires. */
  @WithDefault("30d")
  Duration renewBefore();

  /** How often certificates are checked for renewal and the database for newer ones. */
  @WithDefault("1m")
  Duration checkInterval();

  /** The first retry after a failure; each next one waits twice as long, up to a day. */
  @WithDefault("1m")
  Duration retryAfter();
}
