package io.cutover.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Let's Encrypt's ACME test server (Debian's {@code pebble}) on loopback ports, with {@code
 * pebble-challtestsrv} as its DNS server answering 127.0.0.1 for every name, so HTTP-01 for any
 * host reaches the gateway's plain port on {@code httpPort}.
 */
public final class Pebble implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/pebble");
  private static final Path DNS_BINARY = Path.of("/usr/bin/pebble-challtestsrv");

  private final List<Process> processes = new ArrayList<>();
  private final Path listenerCa;
  private final int port;
  private final int managementPort;

  public static boolean installed() {
    return Files.isExecutable(BINARY) && Files.isExecutable(DNS_BINARY);
  }

  /**
   * Starts pebble validating HTTP-01 on {@code httpPort}, issuing certificates valid for {@code
   * validity}; its own HTTPS listener uses a certificate made for localhost in {@code dir}.
   */
  public Pebble(Path dir, int httpPort, Duration validity) throws IOException {
    TestCertificates.Pem listener = TestCertificates.make(dir, "localhost", "pebble");
    this.listenerCa = listener.cert();
    this.port = LoopbackHttp.freePort();
    this.managementPort = LoopbackHttp.freePort();
    int dnsPort = LoopbackHttp.freePort();
    Path config = dir.resolve("pebble-" + port + ".json");
    Files.writeString(
        config,
        "{\"pebble\": {\"listenAddress\": \"127.0.0.1:"
            + port
            + "\", \"managementListenAddress\": \"127.0.0.1:"
            + managementPort
            + "\", \"certificate\": \""
            + listener.cert()
            + "\", \"privateKey\": \""
            + listener.key()
            + "\", \"httpPort\": "
            + httpPort
            + ", \"tlsPort\": "
            + LoopbackHttp.freePort()
            + ", \"ocspResponderURL\": \"\", \"externalAccountBindingRequired\": false,"
            + " \"certificateValidityPeriod\": "
            + validity.toSeconds()
            + "}}");
    start(
        dir.resolve("challtestsrv.log"),
        Map.of(),
        DNS_BINARY.toString(),
        "-dns01",
        "127.0.0.1:" + dnsPort,
        "-http01",
        "",
        "-https01",
        "",
        "-tlsalpn01",
        "",
        "-management",
        "127.0.0.1:" + LoopbackHttp.freePort(),
        "-defaultIPv4",
        "127.0.0.1",
        "-defaultIPv6",
        "");
    start(
        dir.resolve("pebble-" + port + ".log"),
        Map.of(
            "PEBBLE_VA_NOSLEEP", "1",
            "PEBBLE_VA_ALWAYS_VALID", "0",
            "PEBBLE_WFE_NONCEREJECT", "0",
            "PEBBLE_AUTHZREUSE", "0"),
        BINARY.toString(),
        "-config",
        config.toString(),
        "-dnsserver",
        "127.0.0.1:" + dnsPort);
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              new Socket("127.0.0.1", port).close();
              new Socket("127.0.0.1", managementPort).close();
              return true;
            });
  }

  private void start(Path log, Map<String, String> env, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().putAll(env);
    processes.add(builder.start());
  }

  /** The ACME directory URL. */
  public String directory() {
    return "https://localhost:" + port + "/dir";
  }

  /** The CA certificate of pebble's own HTTPS listener (for cutover.acme.trust). */
  public Path listenerCa() {
    return listenerCa;
  }

  /** The root that signs the certificates this pebble issues (a new one at each start), as PEM. */
  public String issuingRoot() throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (var in = Files.newInputStream(listenerCa)) {
      trusted.setCertificateEntry(
          "pebble", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(context).build();
    return client
        .send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/roots/0"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
      process.waitFor();
    }
  }
}
