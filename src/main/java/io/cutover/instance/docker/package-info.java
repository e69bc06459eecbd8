/**
 * The docker driver: one container per instance through the Docker Engine API (docker-java),
 * labelled so a restarted gateway finds and adopts the ones it started. Every engine call blocks,
 * so every one runs on a worker thread, never on an event loop the proxy shares.
 *
 * <p>Depends only on {@link io.cutover.instance} (the driver interface and its shared helpers),
 * config, the runtime and docker-java ({@code DriverBoundaryTest}). May not touch another driver,
 * routing, health, releases or the executor, nor containers without Cutover's labels.
 */
package io.cutover.instance.docker;
