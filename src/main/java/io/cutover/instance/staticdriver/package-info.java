/**
 * The {@code static} driver: instances that already run elsewhere, named per deploy by {@code
 * targets}; nothing is started or stopped, health checks notice when one goes away.
 *
 * <p>Depends only on {@link io.cutover.instance}, config and the runtime ({@code
 * DriverBoundaryTest}). May not touch another driver, routing, health, releases or the executor.
 */
package io.cutover.instance.staticdriver;
