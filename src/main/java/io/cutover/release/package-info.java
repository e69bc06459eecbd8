/**
 * Release history: the release and event rows, {@link io.cutover.release.ReleaseStatus} and its
 * transition table, queries and pages, and {@link io.cutover.release.ReleaseHistory}, the one
 * writer of the tables.
 *
 * <p>Depends on db only. May not touch instances, routes or the executor: it records what happened,
 * it does not act.
 */
package io.cutover.release;
