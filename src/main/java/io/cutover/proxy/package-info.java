/**
 * The data plane: the traffic port's Vert.x server, one {@link io.cutover.proxy.ProxyExchange} per
 * request, client limits and timeouts, upgrades, and the proxy's own readiness in {@code
 * /q/health}.
 *
 * <p>Reads the route table only. May not touch config, instances, releases, the database or the
 * deploy executor: the hot path knows a snapshot and nothing that changes it.
 */
package io.cutover.proxy;
