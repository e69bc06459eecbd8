package io.cutover.deploy;

import java.time.Duration;

/**
 * How a drain went.
 *
 * @param inFlightAtStart requests and tunnels open on the drained instances when it began
 * @param cutAtTimeout how many were still open when {@code drain.timeout} ended it (0: all done)
 */
public record DrainResult(int inFlightAtStart, int cutAtTimeout, Duration took) {}
