/**
 * The {@code rolling} strategy plugin. Rolling: replace the old version in batches bounded by
 * {@code max-surge} and {@code max-unavailable}, sharing traffic by healthy instances on the way.
 *
 * <p>A pure planner: depends on the SPI ({@code io.cutover.strategy}) and the config records it
 * reads. May not touch routes, instances, releases, the registry or another plugin.
 */
package io.cutover.strategies.rolling;
