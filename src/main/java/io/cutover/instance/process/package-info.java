/**
 * The {@code process} driver: each instance a local child process running {@code driver.command}
 * from a minimal environment, its output in capped log files under the data dir, and a record per
 * running instance so the next gateway stops what a killed one left.
 *
 * <p>Depends only on {@link io.cutover.instance} (the driver interface and its shared helpers),
 * config and the runtime ({@code DriverBoundaryTest}). May not touch another driver, routing,
 * health, releases or the executor.
 */
package io.cutover.instance.process;
