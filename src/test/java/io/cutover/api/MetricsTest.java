package io.cutover.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.support.AdminApi;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics} parsed as Prometheus text while real traffic goes through the proxy. */
@QuarkusTest
class MetricsTest {
  private static final String CANARY_BY_HAND =
      DeployableService.PATIENT_HEALTH
          + "deploy:\n"
          + "  canary: {steps: [{weight: 10, pause: 0}, {weight: 50, pause: 0}]}\n"
          + "  analysis: {min-requests: 1000000, inconclusive: promote}\n";

  @Inject ProxyLifecycle proxy;

  private Vertx vertx;
  private HttpClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aCanaryShowsBothVersionsCountedAndItsWeightWalkingFrom0To100ThenTheOldVersionRetires()
      throws Exception {
    try (DeployableService service = DeployableService.create("metrics", CANARY_BY_HAND)) {
      String s = service.name();
      long v1Release = service.deployLive("v1");
      String host = s + ".localhost";
      send(host, "/", 20, 200);
      send(host, "/status?code=500", 5, 500);
      send(host, "/status?code=404", 2, 404);
      send(host, "/status?code=302", 1, 302);

      PrometheusText first = scrape();
      assertEquals(some(20), first.value("cutover_requests_total", v(s, "v1", "code", "2xx")));
      assertEquals(some(5), first.value("cutover_requests_total", v(s, "v1", "code", "5xx")));
      assertEquals(some(2), first.value("cutover_requests_total", v(s, "v1", "code", "4xx")));
      assertEquals(some(1), first.value("cutover_requests_total", v(s, "v1", "code", "3xx")));
      assertEquals(some(28), first.value("cutover_request_duration_seconds_count", v(s, "v1")));
      assertEquals(
          some(28),
          first.value("cutover_request_duration_seconds_bucket", v(s, "v1", "le", "+Inf")));
      assertEquals(some(100), first.value("cutover_traffic_weight", v(s, "v1")));
      assertEquals(some(1), first.value("cutover_instances", v(s, "v1", "state", "healthy")));
      assertEquals(some(0), first.value("cutover_instances", v(s, "v1", "state", "starting")));
      assertEquals(some(0), first.value("cutover_in_flight_requests", v(s, "v1")));
      assertEquals(
          some(1),
          first.value("cutover_release", release(s, v1Release, "v1", "bluegreen", "live")));
      assertEquals(Optional.of("counter"), first.type("cutover_requests_total"));
      assertEquals(Optional.of("histogram"), first.type("cutover_request_duration_seconds"));

      // A request held by the instance is in flight on its version until it is answered.
      CompletableFuture<Integer> slow = get(host, "/slow?ms=1500");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> scrape().value("cutover_in_flight_requests", v(s, "v1")), is(1));
      assertEquals(200, slow.get(10, TimeUnit.SECONDS));
      assertEquals(some(0), scrape().value("cutover_in_flight_requests", v(s, "v1")));

      // The canary waits in the health gate at weight 0, starting.
      LoopbackInstance v2 = service.instance("v2");
      v2.health(500);
      long v2Release =
          service
              .post(
                  "{\"version\":\"v2\",\"strategy\":\"canary\",\"targets\":[\""
                      + DeployableService.target(v2)
                      + "\"]}")
              .statusCode(202)
              .extract()
              .jsonPath()
              .getLong("id");
      DeployableService.awaitEvent(v2Release, "instances.started");
      PrometheusText gated = scrape();
      assertEquals(some(0), gated.value("cutover_traffic_weight", v(s, "v2")));
      assertEquals(some(100), gated.value("cutover_traffic_weight", v(s, "v1")));
      assertEquals(some(1), gated.value("cutover_instances", v(s, "v2", "state", "starting")));
      assertEquals(
          some(1),
          gated.value("cutover_release", release(s, v2Release, "v2", "canary", "deploying")));

      v2.health(200);
      DeployableService.awaitStatus(v2Release, "paused");
      PrometheusText atTen = awaitWeight(s, "v2", 10);
      assertEquals(some(90), atTen.value("cutover_traffic_weight", v(s, "v1")));
      send(host, "/", 200, 200);
      PrometheusText afterTen = scrape();
      double v1Before = atTen.value("cutover_requests_total", v(s, "v1", "code", "2xx")).get();
      double v1After = afterTen.value("cutover_requests_total", v(s, "v1", "code", "2xx")).get();
      double v2After = afterTen.value("cutover_requests_total", v(s, "v2", "code", "2xx")).get();
      assertTrue(v1After > v1Before, "v1 rose: " + v1Before + " -> " + v1After);
      assertTrue(v2After > 0, "v2 counted: " + v2After);
      assertEquals(200, v1After - v1Before + v2After, 0.0, "every request on one version");

      promote(v2Release);
      awaitWeight(s, "v2", 50);
      send(host, "/", 50, 200);
      PrometheusText atFifty = scrape();
      assertTrue(
          atFifty.value("cutover_requests_total", v(s, "v2", "code", "2xx")).get() > v2After);

      promote(v2Release);
      DeployableService.awaitStatus(v2Release, "live");
      PrometheusText atHundred = awaitWeight(s, "v2", 100);

      // The old version retires: its gauges go at once, its counters once more, then they go too.
      // The scrape that first misses it may be the one that saw 100% just above.
      AtomicReference<PrometheusText> retired = new AtomicReference<>(atHundred);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                if (retired.get().value("cutover_traffic_weight", v(s, "v1")).isEmpty()) {
                  return true;
                }
                retired.set(scrape());
                return false;
              });
      assertTrue(retired.get().samples("cutover_instances", v(s, "v1")).isEmpty());
      assertTrue(
          retired.get().value("cutover_requests_total", v(s, "v1", "code", "2xx")).get()
              >= v1After);
      PrometheusText after = scrape();
      assertTrue(
          after.samples("cutover_requests_total", v(s, "v1")).isEmpty(), "v1 dropped for good");
      assertTrue(after.samples("cutover_request_duration_seconds_bucket", v(s, "v1")).isEmpty());
      assertTrue(after.value("cutover_requests_total", v(s, "v2", "code", "2xx")).isPresent());
      assertEquals(
          some(1), after.value("cutover_release", release(s, v2Release, "v2", "canary", "live")));
      assertTrue(after.samples("cutover_release", Map.of("service", s, "version", "v1")).isEmpty());
      assertEquals(
          some(1),
          after.value(
              "cutover_releases_total",
              Map.of("service", s, "strategy", "bluegreen", "status", "superseded")));
    }
  }

  @Test
  void anInstanceThatRefusesConnectionsCountsConnectFailuresOnItsVersion() throws Exception {
    // It stays in the table while it refuses: far more failed checks than the test needs.
    String health =
        "health: {interval: 100ms, healthy-threshold: 1, unhealthy-threshold: 100000,"
            + " startup-timeout: 60s}\n";
    try (DeployableService service = DeployableService.create("refusing", health)) {
      String s = service.name();
      LoopbackInstance up = service.instance("v1");
      LoopbackInstance down = service.instance("v1");
      long id =
          service
              .post(
                  "{\"version\":\"v1\",\"targets\":[\""
                      + DeployableService.target(up)
                      + "\",\""
                      + DeployableService.target(down)
                      + "\"]}")
              .statusCode(202)
              .extract()
              .jsonPath()
              .getLong("id");
      DeployableService.awaitStatus(id, "live");
      assertEquals(some(2), scrape().value("cutover_instances", v(s, "v1", "state", "healthy")));
      down.close();

      String host = s + ".localhost";
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                send(host, "/", 10, 200); // refused ones are retried on the other instance
                return scrape()
                    .value("cutover_upstream_failures_total", v(s, "v1", "kind", "connect"))
                    .orElse(0.0);
              },
              failures -> failures > 0);
      PrometheusText text = scrape();
      assertEquals(
          some(0), text.value("cutover_upstream_failures_total", v(s, "v1", "kind", "reset")));
      assertEquals(
          some(0), text.value("cutover_upstream_failures_total", v(s, "v1", "kind", "timeout")));
      assertEquals(some(0), text.value("cutover_requests_total", v(s, "v1", "code", "5xx")));
    }
  }

  @Test
  void metricsNeedTheBearerToken() {
    RestAssured.given().get("/q/metrics").then().statusCode(401);
  }

  // --- helpers ---

  private static PrometheusText scrape() {
    String body =
        AdminApi.given()
            .accept("text/plain")
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return PrometheusText.parse(body);
  }

  private PrometheusText awaitWeight(String service, String version, double weight) {
    AtomicReference<PrometheusText> last = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last.set(scrape());
              return last.get().value("cutover_traffic_weight", v(service, version));
            },
            is(weight));
    return last.get();
  }

  private static void promote(long release) {
    AdminApi.given().post("/api/v1/releases/" + release + "/promote").then().statusCode(202);
  }

  private void send(String host, String uri, int count, int expected) throws Exception {
    for (int i = 0; i < count; i++) {
      assertEquals(expected, get(host, uri).get(10, TimeUnit.SECONDS), uri);
    }
  }

  private CompletableFuture<Integer> get(String host, String uri) {
    RequestOptions options =
        new RequestOptions()
            .setHost("127.0.0.1")
            .setPort(proxy.port())
            .setURI(uri)
            .putHeader("Host", host);
    Future<Integer> status =
        client
            .request(options)
            .compose(req -> req.send().compose(res -> res.body().map(b -> res.statusCode())));
    return status.toCompletionStage().toCompletableFuture();
  }

  private static Map<String, String> v(String service, String version) {
    return Map.of("service", service, "version", version);
  }

  private static Map<String, String> v(String service, String version, String key, String value) {
    return Map.of("service", service, "version", version, key, value);
  }

  private static Map<String, String> release(
      String service, long id, String version, String strategy, String status) {
    return Map.of(
        "service",
        service,
        "release",
        Long.toString(id),
        "version",
        version,
        "strategy",
        strategy,
        "status",
        status);
  }

  private static Optional<Double> some(double value) {
    return Optional.of(value);
  }

  private static Matcher<Optional<Double>> is(double value) {
    return Matchers.equalTo(Optional.of(value));
  }
}
