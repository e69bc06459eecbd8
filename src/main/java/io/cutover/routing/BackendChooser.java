package io.cutover.routing;

import java.util.List;

/**
 * Chooses, within a route, the pool (by weight, sticky cookie or forcing header) and then the
 * instance with the fewest requests in flight. Pure functions of the snapshot and counters.
 */
public final class BackendChooser {
  public static final String FORCE_ALWAYS = "always";
  public static final String FORCE_NEVER = "never";
  static final int EXACT = 16;
  static final int SAMPLED = 4;

  private BackendChooser() {}

  /**
   * The pool a new request goes to, or null when no pool has an instance.
   *
   * @param stickyVersion the version named by the client's cookie, or null
   * @param force the canary header's value ("always", "never") or null
   * @param random a uniformly random non-negative int
   */
  public static Pool choosePool(
      ServiceRoute route, String stickyVersion, String force, int random) {
    List<Pool> pools = route.pools();
    int n = pools.size();
    if (n == 1) {
      Pool only = pools.get(0);
      return only.isEmpty() ? null : only;
    }
    Pool forced = forcedPool(route, force);
    if (forced != null) {
      return forced;
    }
    if (stickyVersion != null) {
      for (int i = 0; i < n; i++) {
        Pool pool = pools.get(i);
        if (pool.weight() > 0 && !pool.isEmpty() && pool.version().equals(stickyVersion)) {
          return pool;
        }
      }
    }
    int total = route.totalWeight();
    if (total > 0) {
      int ticket = random % total;
      for (int i = 0; i < n; i++) {
        Pool pool = pools.get(i);
        ticket -= pool.weight();
        if (ticket < 0) {
          if (!pool.isEmpty()) {
            return pool;
          }
          break;
        }
      }
    }
    return fallback(pools);
  }

  /**
   * The pool the forcing header's value names ({@code always}: the canary, {@code never}: the
   * stable), or null. Honoured only while the canary takes traffic (weight > 0): a version at
   * weight 0, a blue-green version before its switch or a canary that just failed its analysis, is
   * never reachable from outside.
   */
  public static Pool forcedPool(ServiceRoute route, String force) {
    if (force == null) {
      return null;
    }
    List<Pool> pools = route.pools();
    Pool canary = firstWith(pools, Pool.Role.CANARY);
    if (canary == null || canary.weight() == 0) {
      return null;
    }
    Pool forced =
        FORCE_ALWAYS.equalsIgnoreCase(force)
            ? canary
            : FORCE_NEVER.equalsIgnoreCase(force) ? firstWith(pools, Pool.Role.STABLE) : null;
    return forced == null || forced.isEmpty() ? null : forced;
  }

  /** Weighted pools first, then weight-0 pools (old instances kept warm during a bake). */
  static Pool fallback(List<Pool> pools) {
    Pool warm = null;
    for (Pool pool : pools) {
      if (!pool.isEmpty()) {
        if (pool.weight() > 0) {
          return pool;
        }
        if (warm == null) {
          warm = pool;
        }
      }
    }
    return warm;
  }

  private static Pool firstWith(List<Pool> pools, Pool.Role role) {
    for (Pool pool : pools) {
      if (pool.role() == role) {
        return pool;
      }
    }
    return null;
  }

  /**
   * The instance of the pool with the fewest requests in flight, skipping those already tried; ties
   * go round robin from {@code start}. A pool of more than {@value #EXACT} instances is sampled:
   * the best of {@value #SAMPLED} untried ones from {@code start} on, so a pick stays a few
   * nanoseconds at 100 instances while the rotating start spreads load. Null when every instance
   * was tried.
   */
  public static Backend leastLoaded(
      List<Backend> backends, int start, Backend[] tried, int triedCount) {
    int n = backends.size();
    int wanted = n <= EXACT ? n : SAMPLED;
    Backend best = null;
    int bestLoad = Integer.MAX_VALUE;
    int offset = n == 0 ? 0 : Math.floorMod(start, n);
    int looked = 0;
    for (int k = 0; k < n && looked < wanted; k++) {
      Backend candidate = backends.get((offset + k) % n);
      if (contains(tried, triedCount, candidate)) {
        continue;
      }
      looked++;
      int load = candidate.inFlight();
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    return best;
  }

  /** An untried instance of any other pool of the route: the last resort before a 502. */
  public static Backend anyUntried(ServiceRoute route, int start, Backend[] tried, int triedCount) {
    for (Pool pool : route.pools()) {
      Backend b = leastLoaded(pool.backends(), start, tried, triedCount);
      if (b != null) {
        return b;
      }
    }
    return null;
  }

  private static boolean contains(Backend[] tried, int count, Backend candidate) {
    for (int i = 0; i < count; i++) {
      if (tried[i] == candidate) {
        return true;
      }
    }
    return false;
  }
}
