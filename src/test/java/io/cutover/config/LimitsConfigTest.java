package io.cutover.config;

import static io.cutover.config.ServiceFiles.MINIMAL;
import static io.cutover.config.ServiceFiles.accepted;
import static io.cutover.config.ServiceFiles.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code limits:} section: the gateway's settings by default, each key, each mistake. */
class LimitsConfigTest {

  @Test
  void aServiceWithoutLimitsTakesTheGatewaysSettings() {
    assertEquals(LimitsConfig.GATEWAY_DEFAULTS, accepted(MINIMAL).limits());
  }

  @Test
  void everyKeyIsRead() {
    LimitsConfig limits =
        accepted(MINIMAL + "limits: {max-body: 10MB, upstream-timeout: 60s, connect-timeout: 5s}")
            .limits();

    assertEquals(10L * 1024 * 1024, limits.maxBody());
    assertEquals(Duration.ofSeconds(60), limits.upstreamTimeout());
    assertEquals(Duration.ofSeconds(5), limits.connectTimeout());
  }

  @Test
  void sizesTakeEveryUnitPlainBytesAndUnlimited() {
    assertEquals(512L * 1024, accepted(MINIMAL + "limits: {max-body: 512KB}").limits().maxBody());
    assertEquals(1L << 30, accepted(MINIMAL + "limits: {max-body: 1gb}").limits().maxBody());
    assertEquals(100L, accepted(MINIMAL + "limits: {max-body: 100B}").limits().maxBody());
    assertEquals(4096L, accepted(MINIMAL + "limits: {max-body: 4096}").limits().maxBody());
    assertEquals(
        Long.MAX_VALUE, accepted(MINIMAL + "limits: {max-body: unlimited}").limits().maxBody());
  }

  @Test
  void aKeyLeftOutKeepsTheGatewaysValueForIt() {
    LimitsConfig limits = accepted(MINIMAL + "limits: {upstream-timeout: 2s}").limits();

    assertEquals(null, limits.maxBody());
    assertEquals(null, limits.connectTimeout());
    assertEquals(Duration.ofSeconds(2), limits.upstreamTimeout());
  }

  @Test
  void aSizeWithoutAKnownUnitIsRefusedWithTheFormat() {
    ConfigProblem problem = onlyProblem(MINIMAL + "limits: {max-body: 10 megs}");

    assertEquals("limits.max-body", problem.keyPath());
    assertTrue(problem.reason().contains("e.g. 512KB, 10MB or 1GB"), problem.reason());
  }

  @Test
  void aZeroOrNegativeSizeIsRefused() {
    assertTrue(
        onlyProblem(MINIMAL + "limits: {max-body: 0}").reason().contains("above zero"), "zero");
    assertEquals(
        "limits.max-body", onlyProblem(MINIMAL + "limits: {max-body: -1MB}").keyPath(), "negative");
  }

  @Test
  void aHugeSizeIsRefusedPointingToUnlimited() {
    assertTrue(
        onlyProblem(MINIMAL + "limits: {max-body: 999999999999GB}").reason().contains("unlimited"));
  }

  @Test
  void aSizeThatIsAListIsRefused() {
    assertEquals("limits.max-body", onlyProblem(MINIMAL + "limits: {max-body: [1]}").keyPath());
  }

  @Test
  void timeoutsNeedAUnitAndMustBeAboveZero() {
    ConfigProblem noUnit = onlyProblem(MINIMAL + "limits: {upstream-timeout: 30}");
    assertEquals("limits.upstream-timeout", noUnit.keyPath());
    assertTrue(noUnit.reason().contains("need a unit"), noUnit.reason());

    ConfigProblem zero = onlyProblem(MINIMAL + "limits: {connect-timeout: 0s}");
    assertEquals("limits.connect-timeout", zero.keyPath());
    assertTrue(zero.reason().contains("above zero"), zero.reason());
  }

  @Test
  void anUnknownKeyNamesTheClosestOne() {
    ConfigProblem problem = onlyProblem(MINIMAL + "limits: {max-bdy: 1MB}");

    assertEquals("limits.max-bdy", problem.keyPath());
    assertTrue(problem.reason().contains("max-body"), problem.reason());
  }

  @Test
  void limitsMustBeAMapping() {
    assertEquals("limits", onlyProblem(MINIMAL + "limits: 10MB").keyPath());
  }
}
