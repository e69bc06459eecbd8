/**
 * The strategy plugin interface (SPI): {@link io.cutover.strategy.DeployStrategy}, the sealed
 * {@link io.cutover.strategy.Step} a plan is made of, and the {@link
 * io.cutover.strategy.DeployContext} a plugin plans from. A plugin sees this package and the config
 * records only (StrategyBoundaryTest).
 *
 * <p>Depends on config's records. May not hold beans or touch routes, instances or the executor:
 * the lookup of plugins is in {@code io.cutover.strategy.registry}, outside a plugin's sight.
 */
package io.cutover.strategy;
