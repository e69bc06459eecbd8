package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When an analysis may end a canary before its window is over. */
class RolloutAnalysisTest {

  @Test
  void oneErrorInTheFirstTwentyRequestsIsNoClearBreachOfOnePercent() {
    assertTrue(RolloutAnalysis.lowestPlausibleRate(1, 20) < 0.01);
  }

  @Test
  void aFifthOfRequestsFailingIsAClearBreachOfOnePercentAfterTwentyRequests() {
    assertTrue(RolloutAnalysis.lowestPlausibleRate(4, 20) > 0.01);
  }

  @Test
  void aRateJustOverTheLimitIsNoClearBreachEvenOverManyRequests() {
    assertTrue(RolloutAnalysis.lowestPlausibleRate(12, 1000) < 0.01);
  }

  @Test
  void noRequestsIsNoEvidence() {
    assertTrue(RolloutAnalysis.lowestPlausibleRate(0, 0) == 0);
  }
}
