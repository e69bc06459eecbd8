/**
 * The {@code bluegreen} strategy plugin. Blue-green: start the whole new version beside the old,
 * await healthy, switch all traffic at once, optionally bake, then retire the old version.
 *
 * <p>A pure planner: depends on the SPI ({@code io.cutover.strategy}) and the config records it
 * reads. May not touch routes, instances, releases, the registry or another plugin.
 */
package io.cutover.strategies.bluegreen;
