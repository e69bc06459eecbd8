package io.cutover.acme;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ACME account keys and certificates in PostgreSQL, shared by every gateway on the database.
 * Blocking: called from a worker thread only, never from an event loop.
 */
final class AcmeStore {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Pool pool;

  AcmeStore(Pool pool) {
    this.pool = pool;
  }

  /** A service's row: its certificate (null until one is issued) and its last failure. */
  record Stored(
      String service,
      String hosts,
      String chainPem,
      String keyPem,
      Instant notAfter,
      Instant issuedAt,
      String lastError,
      int failures) {
    boolean hasCertificate() {
      return chainPem != null;
    }
  }

  Optional<String> accountKey(String directory) {
    for (Row row :
        pool.preparedQuery("SELECT key_pem FROM acme_accounts WHERE directory = $1")
            .execute(Tuple.of(directory))
            .await()
            .atMost(WAIT)) {
      return Optional.of(row.getString(0));
    }
    return Optional.empty();
  }

  /** Keeps the first key stored for the directory: another gateway may have made one meanwhile. */
  String saveAccountKey(String directory, String keyPem) {
    pool.preparedQuery(
            "INSERT INTO acme_accounts (directory, key_pem) VALUES ($1, $2)"
                + " ON CONFLICT (directory) DO NOTHING")
        .execute(Tuple.of(directory, keyPem))
        .await()
        .atMost(WAIT);
    return accountKey(directory).orElse(keyPem);
  }

  List<Stored> all() {
    List<Stored> stored = new ArrayList<>();
    for (Row row :
        pool.query(
                "SELECT service, hosts, chain_pem, key_pem, not_after, issued_at, last_error,"
                    + " failures FROM acme_certificates")
            .execute()
            .await()
            .atMost(WAIT)) {
      stored.add(
          new Stored(
              row.getString(0),
              row.getString(1),
              row.getString(2),
              row.getString(3),
              instant(row, 4),
              instant(row, 5),
              row.getString(6),
              row.getInteger(7)));
    }
    return stored;
  }

  /**
   * Takes the right to issue for a service for {@code hold}: false while another gateway holds it
   * or a failure's back-off runs.
   */
  boolean claim(String service, String hosts, Duration hold) {
    return pool.preparedQuery(
                "INSERT INTO acme_certificates (service, hosts, next_attempt_at)"
                    + " VALUES ($1, $2, now() + $3 * interval '1 millisecond')"
                    + " ON CONFLICT (service) DO UPDATE SET next_attempt_at ="
                    + " EXCLUDED.next_attempt_at WHERE acme_certificates.next_attempt_at IS NULL"
                    + " OR acme_certificates.next_attempt_at <= now() RETURNING service")
            .execute(Tuple.of(service, hosts, hold.toMillis()))
            .await()
            .atMost(WAIT)
            .rowCount()
        == 1;
  }

  /** Stores a new certificate in place of the old one and forgets the failures. */
  void saveCertificate(String service, String hosts, String chainPem, String keyPem, Instant end) {
    pool.preparedQuery(
            "UPDATE acme_certificates SET hosts = $2, chain_pem = $3, key_pem = $4, not_after = $5,"
                + " issued_at = clock_timestamp(), last_error = NULL, last_error_at = NULL,"
                + " failures = 0, next_attempt_at = NULL WHERE service = $1")
        .execute(
            Tuple.of(
                service, hosts, chainPem, keyPem, OffsetDateTime.ofInstant(end, ZoneOffset.UTC)))
        .await()
        .atMost(WAIT);
  }

  /** Records a failed issuance; the next attempt waits for the back-off. */
  void recordFailure(String service, String error, Duration backOff) {
    pool.preparedQuery(
            "UPDATE acme_certificates SET last_error = $2, last_error_at = now(),"
                + " failures = failures + 1,"
                + " next_attempt_at = now() + $3 * interval '1 millisecond' WHERE service = $1")
        .execute(Tuple.of(service, error, backOff.toMillis()))
        .await()
        .atMost(WAIT);
  }

  private static Instant instant(Row row, int column) {
    OffsetDateTime time = row.getOffsetDateTime(column);
    return time == null ? null : time.toInstant();
  }
}
