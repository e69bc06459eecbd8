/**
 * Instance health: probes, hysteresis, the watch that reports a healthy or unhealthy instance and
 * awaits for the first healthy answer, and the gateway's own liveness and config readiness.
 *
 * <p>Depends on config and instances. May not touch services, routes, releases or the executor: it
 * reports to a {@link io.cutover.health.HealthListener}, it does not act on what it sees.
 */
package io.cutover.health;
