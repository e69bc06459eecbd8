/**
 * Database bootstrap: the embedded PostgreSQL fallback (a config source read before Quarkus has
 * config), its settings and password, and reactive transactions with their outage exception.
 *
 * <p>Depends only on config's defaults. May not touch releases, startup or the executor; what the
 * database means to the gateway's health is shown by startup's {@code DatabaseHealth}.
 */
package io.cutover.db;
