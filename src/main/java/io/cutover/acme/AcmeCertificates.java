package io.cutover.acme;

import io.cutover.config.ServiceCatalogListener;
import io.cutover.config.ServiceConfig;
import io.cutover.routing.LiveCertificates;
import io.cutover.routing.RouteTable;
import io.cutover.tls.PemCertificate;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.X509KeyManager;
import org.jboss.logging.Logger;

/**
 * The certificates of services with {@code routes.tls: acme}: loaded from the database (where any
 * gateway may have stored them), issued when a service has none or its hosts changed, renewed
 * {@code cutover.acme.renew-before} before they end, and published to the TLS port's key manager.
 * All of it on a worker thread every {@code cutover.acme.check-interval} and when a service
 * changes, so an issuance never holds up traffic; a host without its certificate yet is refused at
 * the handshake like any unknown name. A failure is logged and stored with the service's row, and
 * retried after a back-off that doubles; the certificate served before stays until a new one is.
 */
@ApplicationScoped
public class AcmeCertificates implements ServiceCatalogListener {
  private static final Logger LOG = Logger.getLogger(AcmeCertificates.class);
  private static final String SOURCE = "acme";
  // Long enough for one issuance: another gateway does not start the same one meanwhile.
  private static final Duration CLAIM = Duration.ofMinutes(5);
  private static final Duration MAX_BACK_OFF = Duration.ofDays(1);

  private final Vertx vertx;
  private final LiveCertificates live;
  private final AcmeConfig config;
  private final AcmeStore store;
  private final AcmeIssuer issuer;
  // Services with tls: acme and their hosts, as the catalog says.
  private final Map<String, List<String>> wanted = new ConcurrentHashMap<>();
  // Touched by the check only (one at a time).
  private final Map<String, Served> served = new HashMap<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  private final AtomicBoolean checkAgain = new AtomicBoolean();
  private long timer = -1;

  /** A certificate in force: which stored one (by its issue time) and its key material. */
  private record Served(String hosts, Instant issuedAt, Instant notAfter, X509KeyManager keys) {}

  @Inject
  public AcmeCertificates(Vertx vertx, LiveCertificates live, Pool pool, AcmeConfig config) {
    this.vertx = vertx;
    this.live = live;
    this.config = config;
    this.store = new AcmeStore(pool);
    this.issuer = new AcmeIssuer(config, store, live.challenges());
  }

  /** Starts the periodic check (renewals, certificates other gateways stored). */
  public void start() {
    // The catalog announced the services before the tables may have been migrated: look again.
    check();
    if (timer < 0) {
      timer = vertx.setPeriodic(Math.max(100, config.checkInterval().toMillis()), id -> check());
    }
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  void onStart(@Observes StartupEvent event) {
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  @Override
  public void onServiceChanged(ServiceConfig previous, ServiceConfig current) {
    if (current.routes().tls().acme()) {
      want(current.name(), current.routes().hosts());
    } else if (wanted.remove(current.name()) != null) {
      check();
    }
  }

  @Override
  public void onServiceRemoved(ServiceConfig last) {
    if (wanted.remove(last.name()) != null) {
      check();
    }
  }

  /** A service with tls: acme and its hosts, as a service file gives them. */
  void want(String service, List<String> hosts) {
    wanted.put(service, List.copyOf(hosts));
    check();
  }

  /** Runs one check on a worker thread soon; one asked for while one runs follows it. */
  public void check() {
    checkAgain.set(true);
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(
        () -> {
          try {
            while (checkAgain.getAndSet(false)) {
              checkNow();
            }
          } finally {
            checking.set(false);
          }
          if (checkAgain.get()) {
            check();
          }
          return null;
        },
        false);
  }

  private void checkNow() {
    if (wanted.isEmpty() && served.isEmpty()) {
      return; // no service with tls: acme: nothing to read
    }
    List<AcmeStore.Stored> rows;
    try {
      rows = store.all();
    } catch (RuntimeException e) {
      LOG.warnf("acme certificates not read from the database, next check retries: %s", e);
      return;
    }
    Map<String, AcmeStore.Stored> byService = new HashMap<>();
    rows.forEach(row -> byService.put(row.service(), row));
    boolean changed = served.keySet().retainAll(wanted.keySet());
    for (Map.Entry<String, List<String>> entry : Map.copyOf(wanted).entrySet()) {
      String service = entry.getKey();
      changed |= load(service, byService.get(service));
      if (needsCertificate(service, entry.getValue())) {
        changed |= issue(service, entry.getValue(), byService.get(service));
      }
    }
    if (changed) {
      publish();
    }
  }

  /** Serves the stored certificate when it is newer than the one served; true if it changed. */
  private boolean load(String service, AcmeStore.Stored row) {
    if (row == null || !row.hasCertificate()) {
      return false;
    }
    Served now = served.get(service);
    if (now != null && !row.issuedAt().isAfter(now.issuedAt())) {
      return false;
    }
    try {
      PemCertificate read =
          PemCertificate.of(
              vertx,
              row.chainPem().getBytes(StandardCharsets.US_ASCII),
              row.keyPem().getBytes(StandardCharsets.US_ASCII),
              "the stored certificate of " + service,
              "the stored key of " + service);
      served.put(service, new Served(row.hosts(), row.issuedAt(), read.notAfter(), read.keys()));
      LOG.infof(
          "acme certificate loaded service=%s hosts=%s notAfter=%s",
          service, row.hosts(), read.notAfter());
      return true;
    } catch (IllegalArgumentException e) {
      LOG.errorf("acme certificate refused service=%s reason=%s", service, e.getMessage());
      return false;
    }
  }

  private boolean needsCertificate(String service, List<String> hosts) {
    Served now = served.get(service);
    return now == null
        || !now.hosts().equals(hostsKey(hosts))
        || now.notAfter().minus(config.renewBefore()).isBefore(Instant.now());
  }

  /** Issues when this gateway may (no other one is, no back-off runs); true if one was. */
  private boolean issue(String service, List<String> hosts, AcmeStore.Stored row) {
    String key = hostsKey(hosts);
    try {
      if (!store.claim(service, key, CLAIM)) {
        return false;
      }
    } catch (RuntimeException e) {
      LOG.warnf("acme issuance for service=%s waits for the database: %s", service, e);
      return false;
    }
    if (hosts.contains(RouteTable.ANY_HOST)) {
      fail(service, row, "tls: acme needs named hosts: a certificate for \"*\" cannot be issued");
      return false;
    }
    LOG.infof("acme certificate requested service=%s hosts=%s", service, key);
    try {
      AcmeIssuer.Issued issued = issuer.issue(hosts);
      store.saveCertificate(service, key, issued.chainPem(), issued.keyPem(), issued.notAfter());
      LOG.infof(
          "acme certificate issued service=%s hosts=%s notAfter=%s",
          service, key, issued.notAfter());
      return load(service, stored(service));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      fail(service, row, e.getCause() == null ? e.toString() : e + " (" + e.getCause() + ")");
      return false;
    }
  }

  private void fail(String service, AcmeStore.Stored row, String error) {
    int failures = row == null ? 0 : row.failures();
    Duration backOff = config.retryAfter().multipliedBy(1L << Math.min(failures, 20));
    if (backOff.compareTo(MAX_BACK_OFF) > 0) {
      backOff = MAX_BACK_OFF;
    }
    LOG.errorf(
        "acme certificate failed service=%s retryIn=%s reason=%s%s",
        service,
        backOff,
        error,
        served.containsKey(service) ? " (the certificate served before stays in use)" : "");
    try {
      store.recordFailure(service, error, backOff);
    } catch (RuntimeException e) {
      LOG.warnf("acme failure not recorded service=%s: %s", service, e);
    }
  }

  private AcmeStore.Stored stored(String service) {
    return store.all().stream()
        .filter(row -> row.service().equals(service))
        .findFirst()
        .orElse(null);
  }

  private void publish() {
    Map<String, X509KeyManager> byHost = new HashMap<>();
    served.forEach(
        (service, s) -> {
          // Only the hosts the certificate names: a host just added waits for its own.
          List<String> certified = List.of(s.hosts().split(","));
          for (String host : Objects.requireNonNullElse(wanted.get(service), List.<String>of())) {
            if (certified.contains(host)) {
              byHost.put(host, s.keys());
            }
          }
        });
    live.publish(SOURCE, byHost);
  }

  private static String hostsKey(List<String> hosts) {
    return String.join(",", hosts.stream().sorted().toList());
  }
}
