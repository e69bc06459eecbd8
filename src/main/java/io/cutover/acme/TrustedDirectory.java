package io.cutover.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Sessions with the ACME directory: the JVM's trust, or {@code cutover.acme.trust}'s CA (a private
 * ACME server's, pebble's in the tests) when given.
 */
final class TrustedDirectory {
  private final Optional<String> caFile;

  TrustedDirectory(Optional<String> caFile) {
    this.caFile = caFile;
  }

  Session session(URI directory) throws IOException {
    if (caFile.isEmpty()) {
      return new Session(directory);
    }
    SSLContext context = context(Path.of(caFile.get()));
    return new Session(
        directory,
        new GenericAcmeProvider() {
          @Override
          protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
              @Override
              public java.net.http.HttpClient.Builder createClientBuilder() {
                return super.createClientBuilder().sslContext(context);
              }
            };
          }
        });
  }

  private static SSLContext context(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca" + i++, ca);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cutover.acme.trust=" + caFile + " holds no PEM CA certificate: " + e);
    }
  }
}
