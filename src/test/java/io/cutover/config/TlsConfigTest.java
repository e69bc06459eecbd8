package io.cutover.config;

import static io.cutover.config.ServiceFiles.accepted;
import static io.cutover.config.ServiceFiles.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routes.tls} and {@code routes.https-redirect}: defaults, files, and each mistake. */
class TlsConfigTest {
  private static final String DRIVER = "driver: {type: static}\n";

  @TempDir Path dir;

  private static String routes(String extra) {
    return "routes:\n  hosts: [web.localhost]\n" + extra + DRIVER;
  }

  @Test
  void tlsIsOffByDefaultAndWhenWrittenOff() {
    assertEquals(TlsConfig.OFF, accepted(routes("")).routes().tls());
    assertEquals(TlsConfig.OFF, accepted(routes("  tls: off\n")).routes().tls());
    assertFalse(accepted(routes("")).routes().httpsRedirect());
  }

  @Test
  void certificateFilesAndTheRedirectAreRead() throws IOException {
    Path cert = Files.writeString(dir.resolve("fullchain.pem"), "pem");
    Path key = Files.writeString(dir.resolve("key.pem"), "pem");

    RoutesConfig routes =
        accepted(
                routes(
                    "  tls: {cert: \""
                        + cert
                        + "\", key: \""
                        + key
                        + "\"}\n  https-redirect: true\n"))
            .routes();

    assertEquals(new TlsConfig(cert.toString(), key.toString()), routes.tls());
    assertTrue(routes.httpsRedirect());
  }

  @Test
  void aMissingCertificateFileIsRefusedNamingIt() throws IOException {
    Path key = Files.writeString(dir.resolve("key.pem"), "pem");

    ConfigProblem problem =
        onlyProblem(routes("  tls: {cert: /nowhere/fullchain.pem, key: \"" + key + "\"}\n"));

    assertEquals("routes.tls.cert", problem.keyPath());
    assertEquals("/nowhere/fullchain.pem", problem.value());
    assertTrue(problem.reason().contains("no readable file"), problem.reason());
  }

  @Test
  void aKeyLeftOutIsRefused() throws IOException {
    Path cert = Files.writeString(dir.resolve("fullchain.pem"), "pem");

    ConfigProblem problem = onlyProblem(routes("  tls: {cert: \"" + cert + "\"}\n"));

    assertEquals("routes.tls.key", problem.keyPath());
  }

  @Test
  void acmeAsksForAnAutomaticCertificate() {
    TlsConfig tls = accepted(routes("  tls: acme\n")).routes().tls();

    assertEquals(TlsConfig.ACME, tls);
    assertTrue(tls.acme());
    assertFalse(tls.enabled(), "acme is not a pair of certificate files");
  }

  @Test
  void anyOtherWordIsRefused() {
    assertTrue(onlyProblem(routes("  tls: on\n")).reason().contains("must be off, acme or"));
  }

  @Test
  void anUnknownKeyUnderTlsNamesTheClosestOne() throws IOException {
    Path cert = Files.writeString(dir.resolve("fullchain.pem"), "pem");
    Path key = Files.writeString(dir.resolve("key.pem"), "pem");

    ConfigProblem problem =
        onlyProblem(routes("  tls: {cert: \"" + cert + "\", key: \"" + key + "\", chain: x}\n"));

    assertEquals("routes.tls.chain", problem.keyPath());
  }

  @Test
  void aRedirectWithoutTlsIsRefused() {
    ConfigProblem problem = onlyProblem(routes("  https-redirect: true\n"));

    assertEquals("routes.https-redirect", problem.keyPath());
    assertTrue(problem.reason().contains("needs routes.tls"), problem.reason());
  }

  @Test
  void aRedirectThatIsNotTrueOrFalseIsRefused() {
    assertEquals("must be true or false", onlyProblem(routes("  https-redirect: sure\n")).reason());
  }
}
