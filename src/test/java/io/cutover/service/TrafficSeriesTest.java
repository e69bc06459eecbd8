package io.cutover.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The dashboard's series from real requests through the proxy, sampled at chosen times. */
class TrafficSeriesTest extends LiveServicesOnAProxy {
  private static final long SECOND = 1_000_000_000L;
  private final TrafficSeries series = new TrafficSeries();

  @Test
  void eachPointIsOneIntervalsRateErrorRateAndP99() {
    live();
    send(40, "/", 200); // before the first sample: in no point
    sample(0);
    send(30, "/", 200);
    send(10, "/status?code=503", 503);
    sample(2);

    TrafficSeries.Columns v1 = series.of("web").orElseThrow().get(0);
    assertEquals("v1", v1.version());
    assertArrayEquals(new long[] {2000}, v1.at());
    assertEquals(20.0, v1.requestsPerSecond()[0], 1e-9, "40 requests in 2 s");
    assertEquals(0.25, v1.errorRate()[0], 1e-9);
    assertTrue(v1.p99Millis()[0] > 0, "p99 from the latency buckets' deltas");
  }

  @Test
  void fiveMinutesOfPointsAreKeptAndNoMore() {
    live();
    for (int second = 0; second <= TrafficSeries.POINTS + 20; second++) {
      sample(second);
    }
    TrafficSeries.Columns v1 = series.of("web").orElseThrow().get(0);
    assertEquals(TrafficSeries.POINTS, v1.at().length);
    assertEquals((TrafficSeries.POINTS + 20) * 1000L, v1.at()[TrafficSeries.POINTS - 1]);
  }

  @Test
  void aVersionThatNoLongerRunsDropsOut() {
    live();
    sample(0);
    sample(1);
    services.service("web").orElseThrow().pools(List.of());
    sample(2);
    assertEquals(List.of(), series.of("web").orElseThrow());
  }

  private void sample(int second) {
    series.sample(second * SECOND, second * 1000L, services.all().values());
  }

  private void live() {
    services.onServiceChanged(null, StablePool.config("web", "web.localhost"));
    Instance instance = harness.instance("v1").instance("web");
    StablePool.serve(services, health, "web", List.of(instance));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.routes.current().service("web").pools().get(0).backends().size() == 1);
  }

  private void send(int count, String uri, int expected) {
    for (int i = 0; i < count; i++) {
      assertEquals(expected, harness.get("web.localhost", uri).status());
    }
  }
}
