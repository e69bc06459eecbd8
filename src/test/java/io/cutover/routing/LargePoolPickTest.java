package io.cutover.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pool over {@code EXACT} instances is sampled, so a pick does not walk 100 instances. */
class LargePoolPickTest {

  private static List<Backend> pool(int n) {
    List<Backend> backends = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      backends.add(new Backend("b" + i, "v1", "127.0.0.1", 10_000 + i));
    }
    return backends;
  }

  @Test
  void theRotatingStartSpreadsIdleLoadOverEveryInstance() {
    List<Backend> backends = pool(100);
    Set<Backend> seen = new HashSet<>();
    for (int tick = 0; tick < 100; tick++) {
      seen.add(BackendChooser.leastLoaded(backends, tick, new Backend[0], 0));
    }
    assertEquals(100, seen.size());
  }

  @Test
  void theLeastBusyOfTheSampleIsChosen() {
    List<Backend> backends = pool(100);
    for (int i = 0; i < BackendChooser.SAMPLED; i++) {
      if (i != 2) {
        backends.get(10 + i).opened();
      }
    }
    assertSame(backends.get(12), BackendChooser.leastLoaded(backends, 10, new Backend[0], 0));
  }

  @Test
  void anUntriedInstanceIsFoundWhereverItIs() {
    List<Backend> backends = pool(100);
    Backend[] tried = backends.subList(0, 99).toArray(new Backend[0]);
    assertSame(backends.get(99), BackendChooser.leastLoaded(backends, 0, tried, 99));
  }

  @Test
  void aBusyInstanceOutsideTheSampleIsNotWhatMakesThePick() {
    List<Backend> backends = pool(100);
    backends.get(50).opened();
    Backend chosen = BackendChooser.leastLoaded(backends, 48, new Backend[0], 0);
    assertNotNull(chosen);
    assertNotEquals(backends.get(50), chosen);
  }
}
