package io.cutover.config;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A service's {@code routes.tls}: off, or the PEM files of its certificate chain and private key
 * (re-read when they change).
 *
 * @param cert path of the PEM certificate chain (leaf first), or null when off
 * @param key path of the PEM private key, or null when off
 */
public record TlsConfig(String cert, String key) {
  /** {@code tls: off}, the default: the service answers on the plain port only. */
  public static final TlsConfig OFF = new TlsConfig(null, null);

  @JsonIgnore
  public boolean enabled() {
    return cert != null;
  }
}
