/**
 * The docker driver: one container per instance through the Docker Engine API (docker-java),
 * labelled so a restarted gateway finds and adopts the ones it started. Every engine call blocks,
 * so every one runs on a worker thread, never on an event loop the proxy shares.
 */
package io.cutover.instance.docker;
