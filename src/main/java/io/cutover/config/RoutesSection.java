package io.cutover.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads {@code routes:}; hosts and prefix come out normalized the way the route table compares. */
final class RoutesSection {
  // Host names, IPv4 and bracketed IPv6; "*" is handled apart.
  private static final Pattern HOST =
      Pattern.compile(
          "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*|\\[[0-9a-f:.]+\\]");
  private static final Pattern HOST_WITH_PORT = Pattern.compile("(.+):(\\d+)");

  private RoutesSection() {}

  static RoutesConfig read(YamlSection routes) {
    routes.allowOnly("hosts", "path-prefix", "tls", "https-redirect");
    // Like kamal-proxy: a service that names no host answers on any host.
    List<String> written = routes.strings("hosts").orElse(List.of("*"));
    routes.check(
        !written.isEmpty(), "hosts", "[]", "needs at least one host; use [\"*\"] for any host");
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      String host = written.get(i).trim().toLowerCase(Locale.ROOT);
      String key = "hosts[" + i + "]";
      var withPort = HOST_WITH_PORT.matcher(host);
      if (!host.startsWith("[") && withPort.matches()) {
        routes.check(
            false,
            key,
            written.get(i),
            "hosts match without the port (it is ignored): write " + withPort.group(1));
      } else {
        routes.check(
            host.equals("*") || HOST.matcher(host).matches(),
            key,
            written.get(i),
            "not a host name: write e.g. web.localhost, 127.0.0.1 or \"*\" for any host");
      }
      if (!hosts.contains(host)) {
        hosts.add(host);
      }
    }
    String prefix = routes.text("path-prefix", "/");
    routes.check(prefix.startsWith("/"), "path-prefix", prefix, "must start with '/', e.g. /api");
    TlsConfig tls = TlsSection.read(routes);
    boolean redirect = routes.bool("https-redirect", false);
    routes.check(
        !redirect || tls.enabled() || tls.acme(),
        "https-redirect",
        true,
        "needs routes.tls: without a certificate the https URL it sends clients to cannot answer");
    return new RoutesConfig(hosts, normalizedPrefix(prefix), tls, redirect);
  }

  /** "/api/" and "/api" mount the same subtree. */
  private static String normalizedPrefix(String prefix) {
    return prefix.length() > 1 && prefix.endsWith("/")
        ? prefix.substring(0, prefix.length() - 1)
        : prefix;
  }
}
