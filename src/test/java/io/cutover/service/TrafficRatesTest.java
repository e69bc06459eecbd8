package io.cutover.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.instance.Instance;
import io.cutover.support.LoopbackInstance;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Rates from real requests through the proxy, sampled at times the test chooses. */
class TrafficRatesTest extends LiveServicesOnAProxy {
  private static final long SECOND = 1_000_000_000L;
  private final TrafficRates rates = new TrafficRates(services);

  @Test
  void aPoolsRateIsItsRequestsAndErrorsAcrossTheWindowNotSinceItStarted() {
    Instance v1 = live("web", "web.localhost", harness.instance("v1"));
    send(40, "/", 200); // before the first sample: not part of any rate
    rates.sample(0);
    send(30, "/", 200);
    send(10, "/status?code=503", 503);
    rates.sample(2 * SECOND);

    InstancePool pool = services.service("web").orElseThrow().pools().get(0);
    TrafficRate rate = rates.of(pool);
    assertEquals(20.0, rate.requestsPerSecond(), 1e-9, "40 requests in 2 s");
    assertEquals(5.0, rate.errorsPerSecond(), 1e-9, "10 errors in 2 s");
    assertEquals(0.25, rate.errorRate(), 1e-9);
    assertEquals(20.0, rates.of(v1).requestsPerSecond(), 1e-9);
  }

  @Test
  void theWindowForgetsSamplesOlderThanTenSeconds() {
    live("web", "web.localhost", harness.instance("v1"));
    rates.sample(0);
    send(50, "/", 200); // all of these fall before the next sample...
    for (int second = 1; second <= TrafficRates.WINDOW_SECONDS + 1; second++) {
      rates.sample(second * SECOND);
    }
    // ...and that sample is now the oldest but one, so they have left the window.
    InstancePool pool = services.service("web").orElseThrow().pools().get(0);
    assertEquals(0.0, rates.of(pool).requestsPerSecond(), 1e-9);
  }

  @Test
  void anInstanceThatLeftEveryPoolHasNoRateAndNoSamplesKept() {
    Instance v1 = live("web", "web.localhost", harness.instance("v1"));
    rates.sample(0);
    send(10, "/", 200);
    rates.sample(SECOND);
    assertEquals(10.0, rates.of(v1).requestsPerSecond(), 1e-9);

    services.service("web").orElseThrow().pools(List.of());
    rates.sample(2 * SECOND);
    assertEquals(TrafficRate.NONE, rates.of(v1));
  }

  @Test
  void beforeTwoSamplesTheRateIsZero() {
    Instance v1 = live("web", "web.localhost", harness.instance("v1"));
    send(5, "/", 200);
    assertEquals(TrafficRate.NONE, rates.of(v1));
    rates.sample(0);
    assertEquals(TrafficRate.NONE, rates.of(v1));
  }

  private Instance live(String name, String host, LoopbackInstance server) {
    services.onServiceChanged(null, StablePool.config(name, host));
    Instance instance = server.instance(name);
    StablePool.serve(services, health, name, List.of(instance));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.routes.current().service(name).pools().get(0).backends().size() == 1);
    return instance;
  }

  private void send(int count, String uri, int expected) {
    for (int i = 0; i < count; i++) {
      assertEquals(expected, harness.get("web.localhost", uri).status());
    }
  }
}
