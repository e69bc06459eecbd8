package io.cutover.api;

/**
 * What {@code POST /api/v1/session} answers beside its cookie.
 *
 * @param idleTimeoutSeconds the session ends when unused this long
 * @param maxLifetimeSeconds and at the latest this long after login
 */
public record SessionView(long idleTimeoutSeconds, long maxLifetimeSeconds) {}
