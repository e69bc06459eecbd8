/**
 * Certificates for the TLS port: each service's {@code routes.tls} PEM files read into key
 * material, re-read when the files change, and published by host name to {@link
 * io.cutover.routing.LiveCertificates}, which the proxy's SNI reads at each handshake.
 *
 * <p>Hears the catalog ({@code config}) and writes the routing snapshot only. May not touch the
 * proxy, instances, releases or the database.
 */
package io.cutover.tls;
