package io.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void millisecondsSecondsMinutesAndHoursAreRead() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
  }

  @Test
  void zeroAloneOrWithAUnitMeansZero() {
    assertEquals(Duration.ZERO, Durations.parse("0"));
    assertEquals(Duration.ZERO, Durations.parse("0s"));
    assertEquals(Duration.ZERO, Durations.parse("0ms"));
  }

  @Test
  void aNumberWithoutUnitIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("5"));
  }

  @Test
  void anUnknownUnitOrAFractionIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 seconds"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("1.5s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("2d"));
  }

  @Test
  void aNegativeDurationIsRefusedAsNegative() {
    var e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1s"));
    assertEquals("durations must not be negative", e.getMessage());
  }

  @Test
  void formatGivesTheShortestExactSpelling() {
    assertEquals("0s", Durations.format(Duration.ZERO));
    assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("5m", Durations.format(Duration.ofMinutes(5)));
    assertEquals("2h", Durations.format(Duration.ofHours(2)));
  }
}
