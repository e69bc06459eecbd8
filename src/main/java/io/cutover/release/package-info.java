/**
 * Release history: the release and event rows, {@link io.cutover.release.ReleaseStatus} and its
 * transition table, queries and pages, and {@link io.cutover.release.ReleaseHistory}, the one
 * writer of the tables, which tells each {@link io.cutover.release.ReleaseEventListener} of a step
 * once it is committed.
 *
 * <p>Depends on db, and on config only to name its event types ({@link
 * io.cutover.release.ReleaseEventNames}). May not touch instances, routes or the executor: it
 * records what happened, it does not act.
 */
package io.cutover.release;
