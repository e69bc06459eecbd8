package io.cutover.proxy;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The TLS port's options: the plain port's, plus TLS with ALPN (h2, then http/1.1) and one {@link
 * SniKeyManager} for every name, shared by every loop and never rebuilt.
 */
final class TlsListener {
  static final Logger LOG = Logger.getLogger(TlsListener.class);

  private TlsListener() {}

  /**
   * @param keys the key manager of the whole TLS port
   */
  static HttpServerOptions options(HttpServerOptions plain, int port, SniKeyManager keys) {
    return new HttpServerOptions(plain)
        .setPort(port)
        .setSsl(true)
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setKeyCertOptions(KeyCertOptions.wrap(keys));
  }
}
