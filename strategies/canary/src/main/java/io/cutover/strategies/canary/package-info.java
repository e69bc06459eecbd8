/**
 * The {@code canary} strategy plugin. Canary: start the new version, shift traffic in the
 * configured weighted steps with pauses and analysis, then switch and retire the old version.
 *
 * <p>A pure planner: depends on the SPI ({@code io.cutover.strategy}) and the config records it
 * reads. May not touch routes, instances, releases, the registry or another plugin.
 */
package io.cutover.strategies.canary;
