package io.cutover.service;

/**
 * A CDI event, fired synchronously in the service's lock: a rollout of this gateway changed the
 * service's pools (weights, instances). Observers read {@link LiveService#pools()} at once and do
 * their work elsewhere.
 */
public record PoolsDecided(LiveService service) {}
