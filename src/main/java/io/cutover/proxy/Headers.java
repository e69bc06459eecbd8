package io.cutover.proxy;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Header rules of a reverse proxy: what is hop-by-hop, what gets added on the way in. */
final class Headers {
  static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
  static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
  static final CharSequence FORWARDED = HttpHeaders.createOptimized("Forwarded");
  static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
  static final CharSequence X_CUTOVER_VERSION = HttpHeaders.createOptimized("X-Cutover-Version");
  static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized("text/plain; charset=utf-8");
  static final int MAX_REQUEST_ID = 128;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Headers() {}

  /** RFC 9110 7.6.1 hop-by-hop fields, plus the non-standard ones proxies meet in practice. */
  static boolean isHopByHop(CharSequence name) {
    switch (name.length()) {
      case 2:
        return is(name, "te");
      case 6:
        // The proxy answers 100-continue itself once an instance accepted the request.
        return is(name, "expect");
      case 7:
        return is(name, "trailer") || is(name, "upgrade");
      case 10:
        return is(name, "connection") || is(name, "keep-alive");
      case 16:
        return is(name, "proxy-connection");
      case 17:
        return is(name, "transfer-encoding");
      case 18:
        return is(name, "proxy-authenticate");
      case 19:
        return is(name, "proxy-authorization");
      default:
        return false;
    }
  }

  private static boolean is(CharSequence name, String lowerCase) {
    return AsciiString.contentEqualsIgnoreCase(name, lowerCase);
  }

  /**
   * Copies end-to-end headers. Names listed in a {@code Connection} header are hop-by-hop too; that
   * header is rare beyond keep-alive/close, so its tokens are only parsed when present.
   *
   * <p>Vert.x keeps the names and values it parsed as Netty's byte strings; its String iterator
   * makes two Strings of every header, which was a quarter of what the proxy allocated per request.
   * Its own header map (what server and client requests use) is walked without that.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to) {
    String connection = from.get(HttpHeaders.CONNECTION);
    boolean listsNames =
        connection != null
            && !connection.equalsIgnoreCase("keep-alive")
            && !connection.equalsIgnoreCase("close");
    Iterator<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> headers =
        from instanceof HeadersMultiMap parsed ? parsed.iteratorCharSequence() : from.iterator();
    while (headers.hasNext()) {
      Map.Entry<? extends CharSequence, ? extends CharSequence> header = headers.next();
      CharSequence name = header.getKey();
      if (isHopByHop(name) || (listsNames && listedIn(connection, name.toString()))) {
        continue;
      }
      to.add(name, header.getValue());
    }
  }

  static boolean listedIn(String connection, String name) {
    int start = 0;
    int len = connection.length();
    while (start < len) {
      int comma = connection.indexOf(',', start);
      int end = comma < 0 ? len : comma;
      String token = connection.substring(start, end).trim();
      if (token.equalsIgnoreCase(name)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /**
   * What an HTTP/2 request needs to become HTTP/1.1 for the instance: {@code Host} from {@code
   * :authority} (Vert.x took the pseudo-headers out of the map), and the {@code cookie} fields
   * HTTP/2 may split joined back into one (RFC 9113 8.2.3).
   */
  static void fromHttp2(HttpServerRequest request, MultiMap out) {
    if (request.authority() != null) {
      out.set(HttpHeaders.HOST, request.authority().toString());
    }
    List<String> cookies = request.headers().getAll(HttpHeaders.COOKIE);
    if (cookies.size() > 1) {
      out.set(HttpHeaders.COOKIE, String.join("; ", cookies));
    }
  }

  /** True for an HTTP/1.1 protocol upgrade such as a WebSocket handshake. */
  static boolean isUpgrade(MultiMap headers) {
    String upgrade = headers.get(HttpHeaders.UPGRADE);
    if (upgrade == null) {
      return false;
    }
    String connection = headers.get(HttpHeaders.CONNECTION);
    return connection != null && listedIn(connection, "upgrade");
  }

  /**
   * A client's {@code X-Request-Id} is kept only when it is 1 to 128 of {@code [A-Za-z0-9._:-]}:
   * instances log it, so it must not carry spaces, quotes or control characters, nor be huge.
   */
  static boolean isWellFormedRequestId(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_REQUEST_ID) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Every value of a header, comma-joined as RFC 9110 allows; null when absent. */
  static String joined(MultiMap headers, CharSequence name) {
    String first = headers.get(name);
    if (first == null) {
      return null;
    }
    List<String> all = headers.getAll(name);
    return all.size() == 1 ? first : String.join(", ", all);
  }

  static String newRequestId() {
    long bits = ThreadLocalRandom.current().nextLong();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (bits & 0xF)];
      bits >>>= 4;
    }
    return new String(out);
  }
}
