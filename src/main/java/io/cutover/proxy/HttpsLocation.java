package io.cutover.proxy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** Where {@code https-redirect} sends a plain-HTTP request: same host, path and query. */
final class HttpsLocation {
  private static final int HTTPS_DEFAULT = 443;

  private HttpsLocation() {}

  /**
   * @param listening the bound TLS port, or -1 while it does not listen
   * @param configured {@code cutover.proxy.tls-port}
   */
  static String of(HttpServerRequest request, int listening, int configured) {
    int port = configured > 0 ? configured : listening;
    String host = request.getHeader(HttpHeaders.HOST);
    if (host == null && request.authority() != null) {
      host = request.authority().toString();
    }
    String name = withoutPort(host == null ? "" : host);
    StringBuilder location = new StringBuilder("https://").append(name);
    if (port > 0 && port != HTTPS_DEFAULT) {
      location.append(':').append(port);
    }
    return location.append(request.uri()).toString();
  }

  private static String withoutPort(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
