package io.cutover.routing;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.X509KeyManager;

/**
 * The certificates the TLS port serves, by host name as SNI gives it. Immutable; a change (a
 * service's tls, a renewed file) builds a new one. A name nobody serves has no certificate, so its
 * handshake is refused; a service routed on {@code "*"} serves every name no other one claims, and
 * clients that send none.
 */
public final class ServerCertificates {
  public static final ServerCertificates NONE = new ServerCertificates(Map.of());
  private static final AtomicLong IDS = new AtomicLong();

  /**
   * One certificate and its key, numbered so a handshake that chose it finds the same one even if
   * the table changed meanwhile.
   */
  public record Entry(long id, X509KeyManager keys) {}

  private final Map<String, Entry> byHost;
  private final Map<Long, Entry> byId;
  private final Entry anyHost;

  /** Each host with its key manager; hosts sharing one key manager share one entry. */
  public ServerCertificates(Map<String, X509KeyManager> keysByHost) {
    Map<X509KeyManager, Entry> entries = new IdentityHashMap<>();
    Map<String, Entry> hosts = new HashMap<>();
    Map<Long, Entry> ids = new HashMap<>();
    keysByHost.forEach(
        (host, keys) -> {
          Entry entry = entries.computeIfAbsent(keys, k -> new Entry(IDS.incrementAndGet(), k));
          hosts.put(host.toLowerCase(Locale.ROOT), entry);
          ids.put(entry.id(), entry);
        });
    this.byHost = Map.copyOf(hosts);
    this.byId = Map.copyOf(ids);
    this.anyHost = byHost.get(RouteTable.ANY_HOST);
  }

  /**
   * The certificate for an SNI name (null: the client sent none, as for an IP address), or null
   * when no service serves it over TLS.
   */
  public Entry forName(String serverName) {
    if (serverName == null) {
      return anyHost;
    }
    Entry exact = byHost.get(serverName.toLowerCase(Locale.ROOT));
    return exact != null ? exact : anyHost;
  }

  /** The entry of this number, or null when this table no longer has it. */
  public Entry byId(long id) {
    return byId.get(id);
  }

  public boolean isEmpty() {
    return byHost.isEmpty();
  }

  /** The names served, for logs. */
  public Set<String> hosts() {
    return byHost.keySet();
  }
}
