package io.cutover.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * One service's certificate as read from its PEM files: the key material the TLS port serves, and
 * the leaf's expiry for the logs.
 */
public record PemCertificate(X509KeyManager keys, Instant notAfter, String subject) {

  /**
   * Reads and checks a chain and its key.
   *
   * @throws IllegalArgumentException saying which file is wrong and how
   */
  static PemCertificate read(Vertx vertx, Path certFile, Path keyFile) {
    return of(vertx, bytes(certFile), bytes(keyFile), certFile.toString(), keyFile.toString());
  }

  /**
   * Reads and checks a chain and its key held in memory (ACME's, from the database).
   *
   * @param certFile, keyFile where they came from, for the error messages
   * @throws IllegalArgumentException saying which is wrong and how
   */
  public static PemCertificate of(
      Vertx vertx, byte[] cert, byte[] key, String certFile, String keyFile) {
    X509Certificate leaf;
    try {
      leaf =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(cert));
    } catch (Exception e) {
      throw new IllegalArgumentException(
          certFile + " holds no PEM certificate (-----BEGIN CERTIFICATE-----): " + e.getMessage());
    }
    KeyManagerFactory keys;
    try {
      keys =
          new PemKeyCertOptions()
              .setCertValue(Buffer.buffer(cert))
              .setKeyValue(Buffer.buffer(key))
              .getKeyManagerFactory(vertx);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          keyFile
              + " holds no PEM private key Cutover can read (PKCS#8 PRIVATE KEY, RSA or EC): "
              + e.getMessage());
    }
    if (!keyMatches(keys, leaf)) {
      // Also what a renewal looks like while only one of its two files is replaced.
      throw new IllegalArgumentException(
          keyFile + " is not the private key of the certificate in " + certFile);
    }
    return new PemCertificate(
        (X509KeyManager) keys.getKeyManagers()[0],
        leaf.getNotAfter().toInstant(),
        leaf.getSubjectX500Principal().getName());
  }

  /** True when the key signs what the leaf's public key verifies. */
  private static boolean keyMatches(KeyManagerFactory keys, X509Certificate leaf) {
    String algorithm = leaf.getPublicKey().getAlgorithm();
    String signature = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256with" + algorithm;
    byte[] probe = "cutover".getBytes(StandardCharsets.US_ASCII);
    try {
      for (KeyManager manager : keys.getKeyManagers()) {
        if (!(manager instanceof X509KeyManager x509)) {
          continue;
        }
        String[] aliases = x509.getServerAliases(algorithm, null);
        for (String alias : aliases == null ? new String[0] : aliases) {
          PrivateKey key = x509.getPrivateKey(alias);
          Signature signer = Signature.getInstance(signature);
          signer.initSign(key);
          signer.update(probe);
          byte[] signed = signer.sign();
          Signature verifier = Signature.getInstance(signature);
          verifier.initVerify(leaf.getPublicKey());
          verifier.update(probe);
          if (verifier.verify(signed)) {
            return true;
          }
        }
      }
      return false;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " could not be read: " + e);
    }
  }
}
