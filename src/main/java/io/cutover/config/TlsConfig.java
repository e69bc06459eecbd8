package io.cutover.config;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A service's {@code routes.tls}: off, the PEM files of its certificate chain and private key
 * (re-read when they change), or {@code acme} (a certificate obtained and renewed by the gateway).
 *
 * @param cert path of the PEM certificate chain (leaf first), or null when off or acme
 * @param key path of the PEM private key, or null when off or acme
 * @param acme the certificate comes from the ACME directory ({@code cutover.acme.directory})
 */
public record TlsConfig(String cert, String key, boolean acme) {
  /** {@code tls: off}, the default: the service answers on the plain port only. */
  public static final TlsConfig OFF = new TlsConfig(null, null, false);

  /** {@code tls: acme}. */
  public static final TlsConfig ACME = new TlsConfig(null, null, true);

  /** Certificate files. */
  public TlsConfig(String cert, String key) {
    this(cert, key, false);
  }

  /** True when the service answers on the TLS port with certificate files. */
  @JsonIgnore
  public boolean enabled() {
    return cert != null;
  }
}
