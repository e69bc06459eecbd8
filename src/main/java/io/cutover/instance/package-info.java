/**
 * Instances and their drivers: the {@link io.cutover.instance.InstanceDriver} interface, the
 * registry that picks one per service, an instance's state, records kept for a killed gateway's
 * orphans, and today's drivers (process and static; each is to get a package of its own, like the
 * Docker and Kubernetes drivers to come).
 *
 * <p>Depends on config and routing (an instance is a backend). May not touch health, services,
 * releases or the executor; a driver depends only on the driver interface and config.
 */
package io.cutover.instance;
