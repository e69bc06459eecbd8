package io.cutover.config;

import java.time.Duration;

/**
 * A service's {@code limits:}; a null value leaves the gateway-wide setting ({@code
 * cutover.proxy.max-body}, {@code upstream-timeout}, {@code connect-timeout}) in force.
 *
 * @param maxBody bytes a request body may have, {@code Long.MAX_VALUE} for unlimited
 * @param upstreamTimeout how long an instance may stay silent before the client gets 504
 * @param connectTimeout how long a connection to an instance may take to open
 */
public record LimitsConfig(Long maxBody, Duration upstreamTimeout, Duration connectTimeout) {
  /** Nothing of the service's own: the gateway's settings apply. */
  public static final LimitsConfig GATEWAY_DEFAULTS = new LimitsConfig(null, null, null);
}
