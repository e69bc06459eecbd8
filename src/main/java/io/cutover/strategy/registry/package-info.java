/**
 * The strategy plugins on the classpath, by name: the executor looks a plugin up here, the catalog
 * checks a service file's strategy through {@link io.cutover.config.KnownStrategies}.
 *
 * <p>Depends on the SPI and config. May not be used by a plugin, and may not touch routes,
 * instances or releases.
 */
package io.cutover.strategy.registry;
