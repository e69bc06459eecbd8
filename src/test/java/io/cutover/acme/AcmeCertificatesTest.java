package io.cutover.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackHttp;
import io.cutover.support.Pebble;
import io.cutover.support.ProxyHarness;
import io.cutover.support.TlsProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes.tls: acme against pebble, Let's Encrypt's test ACME server, in the real database: issue
 * and serve (HTTP/1.1 and HTTP/2, verified against pebble's root), share with a second gateway,
 * renew under load, and keep the old certificate through failures.
 */
@QuarkusTest
class AcmeCertificatesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration VALIDITY = Duration.ofHours(1);

  @Inject Pool pool;
  @TempDir Path dir;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final String service = "acme-" + UUID.randomUUID().toString().substring(0, 8);

  record Settings(
      String directory,
      Optional<String> email,
      Optional<String> trust,
      Duration renewBefore,
      Duration checkInterval,
      Duration retryAfter)
      implements AcmeConfig {}

  @BeforeEach
  void pebbleInstalled() {
    assumeTrue(
        Pebble.installed(),
        "pebble is not installed (apt-get install pebble): no ACME server to test against");
  }

  @AfterEach
  void close() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
    pool.preparedQuery("DELETE FROM acme_certificates WHERE service = $1")
        .execute(Tuple.of(service))
        .await()
        .atMost(WAIT);
  }

  @Test
  void aServiceGetsItsCertificateServesItAndASecondGatewayServesItWithoutIssuingAgain()
      throws Exception {
    ProxyHarness first = gateway("web.localhost");
    Pebble pebble = pebble(first.port());
    acme(first, settings(pebble, Duration.ZERO)).want(service, List.of("web.localhost"));

    await().atMost(WAIT).until(() -> first.tlsPort() > 0);
    String root = pebble.issuingRoot();
    assertEquals(
        "200 HTTP_1_1\nv1", verifiedGet(first, "web.localhost", root, HttpVersion.HTTP_1_1));
    assertEquals("200 HTTP_2\nv1", verifiedGet(first, "web.localhost", root, HttpVersion.HTTP_2));
    Row stored = stored();
    assertNotNull(stored.getString("chain_pem"));
    assertNotNull(stored.getOffsetDateTime("not_after"));

    ProxyHarness second = gateway("web.localhost");
    acme(second, settings(pebble, Duration.ZERO)).want(service, List.of("web.localhost"));

    await().atMost(WAIT).until(() -> second.tlsPort() > 0);
    assertEquals(serial(first, "web.localhost"), serial(second, "web.localhost"));
    assertEquals("200 HTTP_2\nv1", verifiedGet(second, "web.localhost", root, HttpVersion.HTTP_2));
    assertEquals(
        stored.getOffsetDateTime("issued_at"),
        stored().getOffsetDateTime("issued_at"),
        "issued again");
  }

  @Test
  void aCertificateDueForRenewalIsReplacedWithoutAFailedRequest() throws Exception {
    ProxyHarness gateway = gateway("renew.localhost");
    Pebble pebble = pebble(gateway.port());
    // Due five seconds after it is issued.
    AcmeCertificates acme = acme(gateway, settings(pebble, VALIDITY.minus(Duration.ofSeconds(5))));
    acme.want(service, List.of("renew.localhost"));
    await().atMost(WAIT).until(() -> gateway.tlsPort() > 0);
    BigInteger before = serial(gateway, "renew.localhost");
    LoadClient h1 =
        LoadClient.startTls(
            gateway.vertx, gateway.tlsPort(), "renew.localhost", "/", 4, HttpVersion.HTTP_1_1);
    LoadClient h2 =
        LoadClient.startTls(
            gateway.vertx, gateway.tlsPort(), "renew.localhost", "/", 4, HttpVersion.HTTP_2);
    closing.add(h1);
    closing.add(h2);

    acme.start();
    await().atMost(WAIT).until(() -> !serial(gateway, "renew.localhost").equals(before));
    long okAtRenewal = h1.ok() + h2.ok();
    await().atMost(WAIT).until(() -> h1.ok() + h2.ok() > okAtRenewal + 100);
    h1.stop();
    h2.stop();

    System.out.printf("renewal under load: http/1.1 %s; h2 %s%n", h1, h2);
    for (LoadClient load : List.of(h1, h2)) {
      assertEquals(0, load.non2xx(), load.toString());
      assertEquals(0, load.connectionErrors(), load.toString());
    }
    assertEquals(
        "200 HTTP_1_1\nv1",
        verifiedGet(gateway, "renew.localhost", pebble.issuingRoot(), HttpVersion.HTTP_1_1));
  }

  @Test
  void aFailedRenewalIsRecordedAndRetriedWhileTheOldCertificateIsServed() throws Exception {
    ProxyHarness issuing = gateway("down.localhost");
    Pebble pebble = pebble(issuing.port());
    acme(issuing, settings(pebble, Duration.ZERO)).want(service, List.of("down.localhost"));
    await().atMost(WAIT).until(() -> issuing.tlsPort() > 0);
    BigInteger issued = serial(issuing, "down.localhost");

    // A gateway for which the certificate is always due, and whose directory does not answer.
    ProxyHarness gateway = gateway("down.localhost");
    AcmeCertificates failing =
        acme(
            gateway,
            new Settings(
                "https://localhost:" + LoopbackHttp.freePort() + "/dir",
                Optional.empty(),
                Optional.of(pebble.listenerCa().toString()),
                VALIDITY.multipliedBy(2),
                Duration.ofMillis(200),
                Duration.ofMillis(200)));
    failing.want(service, List.of("down.localhost"));
    failing.start();

    await().atMost(WAIT).until(() -> stored().getInteger("failures") >= 2);
    Row row = stored();
    assertNotNull(row.getString("last_error"), "no error recorded");
    assertNotNull(row.getOffsetDateTime("last_error_at"));
    assertEquals(issued, serial(gateway, "down.localhost"), "the old certificate");
    assertEquals(
        "200 HTTP_2\nv1",
        verifiedGet(gateway, "down.localhost", pebble.issuingRoot(), HttpVersion.HTTP_2));
  }

  private ProxyHarness gateway(String host) {
    ProxyHarness harness = new ProxyHarness();
    closing.add(harness);
    harness.route(service, host, "/", harness.instance("v1").backend());
    return harness;
  }

  private Pebble pebble(int httpPort) throws Exception {
    Pebble pebble = new Pebble(dir, httpPort, VALIDITY);
    closing.add(pebble);
    return pebble;
  }

  private AcmeCertificates acme(ProxyHarness harness, AcmeConfig config) {
    AcmeCertificates acme = new AcmeCertificates(harness.vertx, harness.certificates, pool, config);
    closing.add(acme::stop);
    return acme;
  }

  private static Settings settings(Pebble pebble, Duration renewBefore) {
    return new Settings(
        pebble.directory(),
        Optional.of("ops@cutover.test"),
        Optional.of(pebble.listenerCa().toString()),
        renewBefore,
        Duration.ofMillis(300),
        Duration.ofSeconds(1));
  }

  private Row stored() {
    return pool.preparedQuery("SELECT * FROM acme_certificates WHERE service = $1")
        .execute(Tuple.of(service))
        .await()
        .atMost(WAIT)
        .iterator()
        .next();
  }

  private static BigInteger serial(ProxyHarness gateway, String host) throws Exception {
    try (TlsProbe probe = TlsProbe.handshake(gateway.tlsPort(), host)) {
      return probe.certificate().getSerialNumber();
    }
  }

  /** A GET over TLS that trusts only pebble's root and checks the host name. */
  private static String verifiedGet(
      ProxyHarness gateway, String host, String root, HttpVersion version) {
    HttpClient client =
        gateway.vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(version)
                .setSsl(true)
                .setUseAlpn(true)
                .setVerifyHost(true)
                .setForceSni(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(root))));
    try {
      return ProxyHarness.await(
          client
              .request(
                  new RequestOptions()
                      .setMethod(HttpMethod.GET)
                      .setServer(SocketAddress.inetSocketAddress(gateway.tlsPort(), "127.0.0.1"))
                      .setHost(host)
                      .setPort(gateway.tlsPort())
                      .setURI("/"))
              .compose(req -> req.send())
              .compose(
                  resp ->
                      resp.body().map(b -> resp.statusCode() + " " + resp.version() + "\n" + b)));
    } finally {
      client.close();
    }
  }
}
