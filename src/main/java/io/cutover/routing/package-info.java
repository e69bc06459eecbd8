/**
 * The routing snapshot: an immutable {@link io.cutover.routing.RouteTable} of hosts and path
 * prefixes to weighted pools of backends, swapped whole by {@link
 * io.cutover.routing.LiveRouteTable}, and the choice of one backend per request (weights,
 * stickiness, latencies).
 *
 * <p>The bottom layer: it depends on no other Cutover package. May not touch config, instances,
 * releases or the proxy; whoever writes the table (the service package) hands it plain values.
 */
package io.cutover.routing;
