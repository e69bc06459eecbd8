/**
 * Webhooks: a service's {@code notify} targets are POSTed each matching release event once it is
 * recorded, signed with HMAC-SHA256 when they name a secret, retried with back-off, and every
 * attempt's answer recorded as a {@code notification.*} event of the release.
 *
 * <p>Depends on config (the targets) and release (the events it hears and records). May not touch
 * the executor, routes, instances or the proxy: a delivery never holds a release back.
 */
package io.cutover.notify;
