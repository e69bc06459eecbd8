package io.cutover.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code routes.tls}: {@code off} (default), {@code acme} or {@code {cert: ..., key: ...}}
 * PEM files.
 */
final class TlsSection {
  private static final String FILES_EXAMPLE =
      "{cert: /etc/cutover/web/fullchain.pem, key: /etc/cutover/web/key.pem}";

  private TlsSection() {}

  static TlsConfig read(YamlSection routes) {
    if (!routes.has("tls")) {
      return TlsConfig.OFF;
    }
    if (!routes.isMapping("tls")) {
      // YAML reads a bare off as false.
      String word = routes.scalar("tls", "off, acme or " + FILES_EXAMPLE);
      if (word == null || word.equals("off") || word.equals("false")) {
        return TlsConfig.OFF;
      }
      if (word.equals("acme")) {
        return TlsConfig.ACME;
      }
      routes.check(
          false, "tls", word, "must be off, acme or the certificate files, " + FILES_EXAMPLE);
      return TlsConfig.OFF;
    }
    YamlSection tls = routes.section("tls");
    tls.allowOnly("cert", "key");
    String cert = readableFile(tls, "cert", "the PEM certificate chain, leaf first");
    String key = readableFile(tls, "key", "the PEM private key");
    return cert == null || key == null ? TlsConfig.OFF : new TlsConfig(cert, key);
  }

  private static String readableFile(YamlSection tls, String name, String what) {
    String path = tls.text(name, null);
    if (path == null) {
      tls.missing(name, "the path of " + what);
      return null;
    }
    Path file = Path.of(path);
    tls.check(
        Files.isRegularFile(file) && Files.isReadable(file),
        name,
        path,
        "no readable file there: give the path of " + what);
    return path;
  }
}
