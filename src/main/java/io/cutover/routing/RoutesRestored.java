package io.cutover.routing;

/**
 * A CDI event: the gateway's start-up restore has run (or the last-known routes serve), so the
 * route table holds what this gateway should serve. A gateway taking the traffic port over from a
 * running one binds it only then.
 */
public record RoutesRestored() {}
