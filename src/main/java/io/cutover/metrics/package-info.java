/**
 * {@code /q/metrics}: SPEC's {@code cutover_*} series per service and version, read on each scrape
 * from the counters the proxy already keeps on its backends, the live services' pools and the
 * release board; nothing is added per request beyond those counters.
 *
 * <p>Depends on release, routing, instance and service. May not touch the proxy, the executor or
 * the API, and nothing depends on it: it only reads.
 */
package io.cutover.metrics;
