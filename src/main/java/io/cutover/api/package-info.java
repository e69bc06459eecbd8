/**
 * The admin API on {@code quarkus.http.port}: resources for services, deploys, release control,
 * history and events (SSE), the bearer token and the dashboard's sessions, input guards and
 * problem+json answers.
 *
 * <p>The top layer: it calls the executor, history and catalog. May not touch the route table or
 * instances directly, nor the proxy; nothing else may depend on it.
 */
package io.cutover.api;
