package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.DeployConfig;
import org.junit.jupiter.api.Test;

/** When the canary is worse than the stable version by more than chance. */
class StableComparisonTest {
  private static final DeployConfig.Analysis LIMITS = DeployConfig.defaults().analysis();

  @Test
  void oneErrorAmongTwentyCanaryRequestsIsNotSignificantlyWorseThanNoneAmong180() {
    assertTrue(StableComparison.errorRateZ(1, 20, 0, 180) < StableComparison.Z_99);
  }

  @Test
  void tenPercentErrorsOverAHundredRequestsIsSignificantlyWorseThanAQuarterPercent() {
    assertTrue(StableComparison.errorRateZ(10, 100, 1, 400) > StableComparison.Z_99);
  }

  @Test
  void theSameErrorRateOnBothSidesIsNoEvidence() {
    assertEquals(0, StableComparison.errorRateZ(5, 100, 50, 1000));
    assertEquals(0, StableComparison.errorRateZ(0, 100, 0, 1000));
  }

  @Test
  void aCanaryBetterThanTheStableIsNeverWorse() {
    assertEquals(0, StableComparison.errorRateZ(0, 500, 40, 500));
  }

  @Test
  void noComparisonWhenTheStableVersionServedFewerThanMinRequests() {
    assertNull(StableComparison.of(side(100, 0, 2_000), side(5, 0, 1_000), LIMITS, us -> 0));
  }

  @Test
  void aCanaryWhoseRequestsAreAllSlowerThanOneAndAHalfTimesTheStableP99Fails() {
    StableComparison compared =
        StableComparison.of(side(200, 0, 40_000), side(200, 0, 10_000), LIMITS, us -> 200);
    assertEquals(15_000, compared.p99LimitMicros());
    String broken = compared.broken(side(200, 0, 40_000), side(200, 0, 10_000), 1.5);
    assertTrue(broken.contains("max-p99-increase 1.5"), broken);
  }

  @Test
  void aFewSlowCanaryRequestsAreNoSignificantP99Increase() {
    StableComparison compared =
        StableComparison.of(side(300, 0, 20_000), side(300, 0, 10_000), LIMITS, us -> 4);
    assertNull(compared.broken(side(300, 0, 20_000), side(300, 0, 10_000), 1.5));
  }

  @Test
  void subMillisecondDifferencesAreBelowTheFloor() {
    StableComparison compared =
        StableComparison.of(side(300, 0, 3_000), side(300, 0, 500), LIMITS, us -> 0);
    assertEquals(StableComparison.P99_FLOOR_MICROS, compared.p99LimitMicros());
  }

  private static AnalysisFigures.Side side(long requests, long errors, long p99Micros) {
    return new AnalysisFigures.Side(requests, errors, p99Micros, 0);
  }
}
