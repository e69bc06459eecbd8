/**
 * Service files and the gateway's own settings: the YAML parser, the config records a release runs
 * with, the {@link io.cutover.config.ServiceCatalog} with its folder watch, and single homes of
 * defaults such as {@link io.cutover.config.DataDir}.
 *
 * <p>Depends only on routing (for stickiness). May not touch health, strategies, instances or the
 * executor: what it needs from them it owns as an interface ({@link
 * io.cutover.config.KnownStrategies}, {@link io.cutover.config.ServiceCatalogListener}).
 */
package io.cutover.config;
