package io.cutover.proxy;

import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
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
        .setKeyCertOptions(keyCertOptions(keys))
        .setSslEngineOptions(engine());
  }

  /**
   * With BoringSSL, what a handshake chose is kept in native form by alias (an alias names one
   * certificate for good, see {@link SniKeyManager}), instead of being encoded again at each
   * handshake; a renewed certificate comes with a new alias.
   */
  private static KeyCertOptions keyCertOptions(SniKeyManager keys) {
    if (!OpenSSLEngineOptions.isAvailable()) {
      return KeyCertOptions.wrap(keys);
    }
    try {
      return KeyCertOptions.wrap(
          // The wrapper's factory hands out this very key manager; it reads no Vert.x instance.
          new OpenSslCachingX509KeyManagerFactory(
              KeyCertOptions.wrap(keys).getKeyManagerFactory(null)));
    } catch (Exception e) {
      throw new IllegalStateException("the TLS port's key manager could not be set up", e);
    }
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
