/**
 * The {@code cutover} command line's client verbs (deploy, status, releases, release, rollback,
 * promote, abort, pause, resume, logs): picocli commands that speak to the admin API over the JDK's
 * HTTP client and read its JSON as Jackson trees.
 *
 * <p>Started without Quarkus from a small jar of its own ({@code target/cli/}), so it starts in a
 * blink. May not depend on any other {@code io.cutover} class but {@code config.ClosestKey} and
 * {@code config.DataDir} (plain static code, packed into the client jar; CliBoundaryTest): the rest
 * are the gateway's beans and need Quarkus.
 */
package io.cutover.cli;
