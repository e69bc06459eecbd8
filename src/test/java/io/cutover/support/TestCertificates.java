package io.cutover.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.routing.ServerCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509KeyManager;

/**
 * Self-signed certificates made by the machine's openssl (a test that needs one skips, saying so,
 * where openssl is missing), and the TLS port's table built from them.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A PEM certificate and its key for one host name. */
  public record Pem(Path cert, Path key) {}

  /**
   * Writes {@code <name>.crt} and {@code <name>.key} into {@code dir}: RSA 2048, CN and
   * subjectAltName {@code host}, organisation {@code org} (to tell two certificates of one host).
   */
  public static Pem make(Path dir, String host, String org) {
    Path cert = dir.resolve(host + "-" + org + ".crt");
    Path key = dir.resolve(host + "-" + org + ".key");
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/O=" + org + "/CN=" + host,
        "-addext",
        "subjectAltName=DNS:" + host,
        "-keyout",
        key.toString(),
        "-out",
        cert.toString());
    return new Pem(cert, key);
  }

  /** The TLS port's table: each host with its certificate. */
  public static ServerCertificates table(Vertx vertx, Map<String, Pem> byHost) {
    Map<String, X509KeyManager> keys = new HashMap<>();
    byHost.forEach(
        (host, pem) -> {
          try {
            keys.put(
                host,
                (X509KeyManager)
                    new PemKeyCertOptions()
                        .setCertPath(pem.cert().toString())
                        .setKeyPath(pem.key().toString())
                        .getKeyManagerFactory(vertx)
                        .getKeyManagers()[0]);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return new ServerCertificates(keys);
  }

  private static void run(Path dir, String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
      assumeTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl did not finish in 30 s");
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "openssl failed: " + Files.readString(dir.resolve("openssl.log")));
      }
    } catch (IOException e) {
      assumeTrue(false, "openssl is needed to make test certificates: " + e.getMessage());
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
