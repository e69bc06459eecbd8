/**
 * The gateway's start: migration and restore with retries while the database is down, the
 * last-known routes file served meanwhile, their health in {@code /q/health}, and daemon threads.
 *
 * <p>Depends on the executor's restore and the layers below. May not touch the API or the proxy,
 * and nothing but the gateway's start may depend on it.
 */
package io.cutover.startup;
