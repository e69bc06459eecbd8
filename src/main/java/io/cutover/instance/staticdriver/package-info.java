/**
 * The {@code static} driver: instances that already run at fixed addresses ({@code driver.targets}
 * or a deploy's {@code targets}); starting one checks its address, stopping one forgets it.
 *
 * <p>Depends only on {@link io.cutover.instance}, config and the runtime ({@code
 * DriverBoundaryTest}); never on another driver, routing, health, releases or the executor.
 */
package io.cutover.instance.staticdriver;
