package io.cutover.routing;

/**
 * A service's own limits, carried in its route so a request reads them with no lookup. A value of
 * {@link #GATEWAY} leaves the proxy's gateway-wide setting in force.
 *
 * @param maxBody bytes a request body may have ({@link #UNLIMITED}: any)
 * @param upstreamTimeoutMillis how long an instance may stay silent before the client gets 504
 * @param connectTimeoutMillis how long a connection to an instance may take to open
 */
public record RouteLimits(long maxBody, long upstreamTimeoutMillis, long connectTimeoutMillis) {
  /** Take the gateway's setting. */
  public static final long GATEWAY = -1;

  /** No bound on the body. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  /** Every limit from the gateway's settings. */
  public static final RouteLimits GATEWAY_DEFAULTS = new RouteLimits(GATEWAY, GATEWAY, GATEWAY);

  public RouteLimits {
    if (maxBody < GATEWAY || upstreamTimeoutMillis < GATEWAY || connectTimeoutMillis < GATEWAY) {
      throw new IllegalArgumentException("limits are " + GATEWAY + " (gateway's) or positive");
    }
  }

  /** This route's value if it has one, else the gateway's. */
  public static long or(long own, long gateway) {
    return own == GATEWAY ? gateway : own;
  }
}
