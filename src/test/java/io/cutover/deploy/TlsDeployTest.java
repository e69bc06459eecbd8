package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.cutover.support.TestCertificates;
import io.cutover.support.TlsProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploys while clients that never retry use the TLS port, in HTTP/1.1 and in HTTP/2. */
@QuarkusTest
class TlsDeployTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private DeployScenario scenario;

  @AfterEach
  void stop() throws Exception {
    if (scenario != null) {
      scenario.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aBlueGreenAndACanaryDeployUnderHttp1AndHttp2TlsLoadFailNoRequest() throws Exception {
    scenario = new DeployScenario(executor, history, services);
    TestCertificates.Pem pem = TestCertificates.make(dir, scenario.host(), "deploy");
    scenario.tls(pem.cert(), pem.key()).configure("", CanaryDeployTest.TWO_STEPS);
    assertEquals(ReleaseStatus.LIVE, scenario.deployAndAwait("v1").getStatus());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(() -> servesTls(scenario.host()));

    LoadClient http1 =
        LoadClient.startTls(vertx, proxy.tlsPort(), scenario.host(), "/", 4, HttpVersion.HTTP_1_1);
    LoadClient http2 =
        LoadClient.startTls(vertx, proxy.tlsPort(), scenario.host(), "/", 8, HttpVersion.HTTP_2);
    Release blueGreen;
    Release canary;
    try {
      // Both clients serve from v1 before the deploys start (their first handshakes can be slow).
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http1.ok() >= 20 && http2.ok() >= 20);
      blueGreen = scenario.deployAndAwait("v2", "bluegreen");
      canary = scenario.deployAndAwait("v3", "canary");
    } finally {
      http1.stop();
      http2.stop();
    }
    System.out.printf("tls deploys: http/1.1 %s; h2 %s%n", http1, http2);

    assertEquals(ReleaseStatus.LIVE, blueGreen.getStatus(), blueGreen.getReason());
    assertEquals(ReleaseStatus.LIVE, canary.getStatus(), canary.getReason());
    for (LoadClient load : new LoadClient[] {http1, http2}) {
      assertEquals(0, load.non2xx(), load.toString());
      assertEquals(0, load.connectionErrors(), load.toString());
      assertTrue(load.bodies().containsKey("v1"), load + " bodies " + load.bodies().keySet());
      assertTrue(load.bodies().containsKey("v3"), load + " bodies " + load.bodies().keySet());
    }
  }

  private boolean servesTls(String host) throws Exception {
    if (proxy.tlsPort() <= 0) {
      return false;
    }
    try (TlsProbe probe = TlsProbe.handshake(proxy.tlsPort(), host)) {
      return probe
          .exchange("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .startsWith("HTTP/1.1 200");
    }
  }
}
