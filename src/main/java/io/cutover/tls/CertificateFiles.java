package io.cutover.tls;

import io.cutover.config.CutoverConfig;
import io.cutover.config.ServiceCatalogListener;
import io.cutover.config.ServiceConfig;
import io.cutover.config.TlsConfig;
import io.cutover.routing.LiveCertificates;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509KeyManager;
import org.jboss.logging.Logger;

/**
 * Every service's {@code routes.tls} files, read into key material and published by host name. A
 * file that changes (a renewal) is read again within {@code cutover.services-scan-interval}; a file
 * that cannot be read keeps the certificate read before it, so a half-written renewal never takes a
 * host off TLS.
 */
@ApplicationScoped
public class CertificateFiles implements ServiceCatalogListener {
  private static final Logger LOG = Logger.getLogger(CertificateFiles.class);

  private final Vertx vertx;
  private final LiveCertificates live;
  private final long checkMillis;
  private final Map<String, Served> served = new HashMap<>();
  private long timer = -1;

  /** One service's certificate and the files it came from. */
  private record Served(
      List<String> hosts, TlsConfig tls, FileStamp cert, FileStamp key, X509KeyManager keys) {}

  @Inject
  CertificateFiles(Vertx vertx, LiveCertificates live, CutoverConfig config) {
    this(vertx, live, config.servicesScanInterval().toMillis());
  }

  /** Files are checked for changes every {@code checkMillis} once started. */
  public CertificateFiles(Vertx vertx, LiveCertificates live, long checkMillis) {
    this.vertx = vertx;
    this.live = live;
    this.checkMillis = Math.max(100, checkMillis);
  }

  /** Starts checking the files for changes. */
  public void start() {
    if (timer < 0) {
      timer = vertx.setPeriodic(checkMillis, id -> vertx.executeBlocking(this::recheck, false));
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
  public synchronized void onServiceChanged(ServiceConfig previous, ServiceConfig current) {
    TlsConfig tls = current.routes().tls();
    Served before = served.get(current.name());
    if (!tls.enabled()) {
      if (before != null) {
        served.remove(current.name());
        publish();
        LOG.infof("tls certificate removed service=%s", current.name());
      }
      return;
    }
    // A file that cannot be read keeps the certificate read before, if any.
    Served next = read(current.name(), current.routes().hosts(), tls, before);
    if (next == null) {
      return;
    }
    served.put(current.name(), next);
    publish();
  }

  @Override
  public synchronized void onServiceRemoved(ServiceConfig last) {
    if (served.remove(last.name()) != null) {
      publish();
    }
  }

  /** Reads again every certificate whose files changed since they were read. */
  synchronized Void recheck() {
    boolean changed = false;
    for (Map.Entry<String, Served> entry : Map.copyOf(served).entrySet()) {
      Served old = entry.getValue();
      TlsConfig tls = old.tls();
      if (FileStamp.of(Path.of(tls.cert())).equals(old.cert())
          && FileStamp.of(Path.of(tls.key())).equals(old.key())) {
        continue;
      }
      Served next = read(entry.getKey(), old.hosts(), tls, old);
      if (next != null) {
        served.put(entry.getKey(), next);
        changed = true;
      }
    }
    if (changed) {
      publish();
    }
    return null;
  }

  /** The certificate read from its files, or null (logged) when they cannot be read. */
  private Served read(String service, List<String> hosts, TlsConfig tls, Served old) {
    Path certFile = Path.of(tls.cert());
    Path keyFile = Path.of(tls.key());
    FileStamp cert = FileStamp.of(certFile);
    FileStamp key = FileStamp.of(keyFile);
    try {
      PemCertificate read = PemCertificate.read(vertx, certFile, keyFile);
      LOG.infof(
          "tls certificate loaded service=%s hosts=%s subject=%s notAfter=%s",
          service, hosts, read.subject(), read.notAfter());
      return new Served(hosts, tls, cert, key, read.keys());
    } catch (IllegalArgumentException e) {
      LOG.errorf(
          "tls certificate refused service=%s reason=%s%s",
          service, e.getMessage(), old == null ? "" : " (the one read before stays in use)");
      if (old != null) {
        // Not read again until a file changes once more.
        return new Served(hosts, tls, cert, key, old.keys());
      }
      return null;
    }
  }

  private void publish() {
    Map<String, X509KeyManager> byHost = new HashMap<>();
    for (Served s : served.values()) {
      for (String host : s.hosts()) {
        byHost.put(host, s.keys());
      }
    }
    live.publish("files", byHost);
  }
}
