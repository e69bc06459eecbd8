package io.cutover.tls;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cutover.config.ParseResult;
import io.cutover.config.ServiceConfig;
import io.cutover.config.ServiceConfigParser;
import io.cutover.support.ProxyHarness;
import io.cutover.support.TestCertificates;
import io.cutover.support.TestCertificates.Pem;
import io.cutover.support.TlsProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's certificate files reach the TLS port, and a renewal is served without a restart. */
class CertificateFilesTest {
  private final ProxyHarness harness = new ProxyHarness();
  private final CertificateFiles files =
      new CertificateFiles(harness.vertx, harness.certificates, 100);

  @TempDir Path dir;
  private Path cert;
  private Path key;

  @BeforeEach
  void paths() {
    cert = dir.resolve("fullchain.pem");
    key = dir.resolve("key.pem");
  }

  @AfterEach
  void close() throws Exception {
    files.stop();
    harness.close();
  }

  @Test
  void aRewrittenCertificateFileIsServedAtTheNextHandshake() throws Exception {
    servedFromFiles();
    assertEquals("CN=web.localhost,O=first", subject("web.localhost"));

    install(TestCertificates.make(dir, "web.localhost", "renewed"), cert, key);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> subject("web.localhost").equals("CN=web.localhost,O=renewed"));
  }

  @Test
  void aBrokenRenewalKeepsTheCertificateReadBefore() throws Exception {
    servedFromFiles();

    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nhalf written");
    files.recheck();

    assertEquals("CN=web.localhost,O=first", subject("web.localhost"));
  }

  @Test
  void aServiceThatTurnsTlsOffIsNoLongerServed() throws Exception {
    servedFromFiles();

    files.onServiceChanged(service(cert, key), parse("routes: {hosts: [web.localhost]}\n"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThrows(
                    SSLException.class,
                    () -> TlsProbe.handshake(harness.tlsPort(), "web.localhost")));
  }

  /** web.localhost served from fullchain.pem and key.pem (organisation "first"), files watched. */
  private void servedFromFiles() throws IOException {
    install(TestCertificates.make(dir, "web.localhost", "first"), cert, key);
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    files.onServiceChanged(null, service(cert, key));
    files.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.tlsPort() > 0);
  }

  private String subject(String host) throws IOException {
    try (TlsProbe probe = TlsProbe.handshake(harness.tlsPort(), host)) {
      return probe.subject();
    }
  }

  /** Moves a new pair into place the way a renewal does: written beside, then renamed. */
  private static void install(Pem pem, Path cert, Path key) throws IOException {
    Files.move(pem.key(), key, StandardCopyOption.REPLACE_EXISTING);
    Files.move(pem.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
  }

  private static ServiceConfig service(Path cert, Path key) {
    return parse(
        "routes:\n  hosts: [web.localhost]\n  tls: {cert: \""
            + cert
            + "\", key: \""
            + key
            + "\"}\n");
  }

  private static ServiceConfig parse(String routes) {
    ParseResult result =
        new ServiceConfigParser().parse("services/web.yaml", routes + "driver: {type: static}\n");
    return assertInstanceOf(ParseResult.Accepted.class, result, result::toString).config();
  }
}
