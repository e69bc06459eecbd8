/**
 * The {@code immediate} strategy plugin. Immediate: start the new version, switch at once and
 * retire the old (optionally holding it warm for {@code hold}).
 *
 * <p>A pure planner: depends on the SPI ({@code io.cutover.strategy}) and the config records it
 * reads. May not touch routes, instances, releases, the registry or another plugin.
 */
package io.cutover.strategies.immediate;
