/**
 * Several gateways on one database: this gateway's membership (its row, kept fresh by a heartbeat),
 * the other members alive, and the per-service lease the member running a release holds (a row with
 * an expiry the heartbeat renews, taken with one conditional upsert).
 *
 * <p>Uses the release records (it hears each release start and end) and the database pool. May not
 * touch the executor, the API, the proxy or instances: those ask it who runs what.
 */
package io.cutover.cluster;
