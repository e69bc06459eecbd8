/**
 * Route replication between the gateways of a cluster: the pools a rollout of this gateway decides
 * are written to {@code published_routes} and announced with {@code NOTIFY cutover_routes}; every
 * other member applies the newest revision of each service with one swap of its own table, health
 * checking the published instances itself. Process-driver services are not published: their
 * instances listen on the gateway's loopback, so the gateway running them serves them alone.
 *
 * <p>Uses live services, health checks, instances, the cluster's member id and settings, the
 * database pool, and release events (a release this member took over puts the live version's pools
 * back). May not touch the executor, the API or the proxy: rollouts reach it through {@link
 * io.cutover.service.PoolsDecided}.
 */
package io.cutover.replication;
