/**
 * Certificates by ACME for services with {@code routes.tls: acme}: the account and certificates
 * kept in PostgreSQL ({@code acme_accounts}, {@code acme_certificates}) for every gateway sharing
 * it, issuance and renewal by acme4j with HTTP-01 answered from {@link
 * io.cutover.routing.AcmeChallenges}, failures recorded and retried with back-off, and the
 * certificates published by host name to {@link io.cutover.routing.LiveCertificates}.
 *
 * <p>Hears the catalog ({@code config}), reads PEM through {@code tls}, writes the routing snapshot
 * and its own tables. May not touch the proxy, instances, releases or the cluster.
 */
package io.cutover.acme;
