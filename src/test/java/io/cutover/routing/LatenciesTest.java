package io.cutover.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void onlyRequestsSurelySlowerThanALimitCountAsAboveIt() {
    Latencies latencies = new Latencies();
    long[] before = latencies.snapshot();
    latencies.record(2_000_000); // 2 ms
    latencies.record(900_000_000); // 900 ms: shares no bucket with 1 s
    latencies.record(1_500_000_000); // 1.5 s
    latencies.record(3_000_000_000L); // 3 s
    assertEquals(2, Latencies.countAbove(before, latencies.snapshot(), 1_000_000));
  }

  @Test
  void requestsBeforeTheWindowAreNotCounted() {
    Latencies latencies = new Latencies();
    latencies.record(5_000_000_000L);
    long[] before = latencies.snapshot();
    latencies.record(1_000_000);
    assertEquals(0, Latencies.countAbove(before, latencies.snapshot(), 1_000_000));
  }
}
