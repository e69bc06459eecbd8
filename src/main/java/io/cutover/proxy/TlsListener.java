package io.cutover.proxy;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
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
        .setKeyCertOptions(KeyCertOptions.wrap(keys))
        .setSslEngineOptions(engine());
  }

  /**
   * BoringSSL (netty-tcnative) where its native library loads: handshakes and record crypto several
   * times cheaper than the JDK's engine; else the JDK's.
   */
  static SSLEngineOptions engine() {
    if (OpenSSLEngineOptions.isAvailable()) {
      return new OpenSSLEngineOptions();
    }
    LOG.infof("tls engine=jdk reason=%s", io.netty.handler.ssl.OpenSsl.unavailabilityCause());
    return new JdkSSLEngineOptions();
  }
}
