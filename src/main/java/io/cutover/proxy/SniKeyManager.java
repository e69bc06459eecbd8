package io.cutover.proxy;

import io.cutover.routing.LiveCertificates;
import io.cutover.routing.ServerCertificates;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The TLS port's one key manager: at each handshake it reads the SNI name and the live certificates
 * and answers with that host's certificate. Nothing is cached per name, so a renewed or removed
 * certificate applies at the next handshake, with no context to rebuild and no listener to update.
 * A name no service serves, or no name at all, gets no certificate: the handshake is refused.
 *
 * <p>The alias it hands the TLS engine is {@code <entry id>/<alias inside the entry>}, so the chain
 * and key the engine asks for next are those of the certificate it chose, even if the table changed
 * in between (the table before the change is kept for that).
 */
final class SniKeyManager extends X509ExtendedKeyManager {
  private final LiveCertificates live;
  private volatile ServerCertificates previous = ServerCertificates.NONE;

  SniKeyManager(LiveCertificates live) {
    this.live = live;
  }

  /** Told before each change of the live certificates. */
  void replacing(ServerCertificates old) {
    previous = old;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    ServerCertificates.Entry entry = live.current().forName(requestedName(engine));
    if (entry == null) {
      return null;
    }
    X509KeyManager keys = entry.keys();
    String alias =
        keys instanceof X509ExtendedKeyManager extended
            ? extended.chooseEngineServerAlias(keyType, issuers, engine)
            : keys.chooseServerAlias(keyType, issuers, null);
    return alias == null ? null : entry.id() + "/" + alias;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    ServerCertificates.Entry entry = entry(alias);
    return entry == null ? null : entry.keys().getCertificateChain(inner(alias));
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    ServerCertificates.Entry entry = entry(alias);
    return entry == null ? null : entry.keys().getPrivateKey(inner(alias));
  }

  private ServerCertificates.Entry entry(String alias) {
    int slash = alias == null ? -1 : alias.indexOf('/');
    if (slash <= 0) {
      return null;
    }
    long id;
    try {
      id = Long.parseLong(alias.substring(0, slash));
    } catch (NumberFormatException e) {
      return null;
    }
    ServerCertificates.Entry entry = live.current().byId(id);
    return entry != null ? entry : previous.byId(id);
  }

  private static String inner(String alias) {
    return alias.substring(alias.indexOf('/') + 1);
  }

  private static String requestedName(SSLEngine engine) {
    SSLSession session = engine == null ? null : engine.getHandshakeSession();
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return host.getAsciiName();
        }
      }
    }
    return null;
  }

  // Sockets and client roles are not how the TLS port uses a key manager.

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
