package io.cutover.deploytests;

import static io.cutover.deploytests.AdminBodyStorm.pick;

import io.cutover.deploytests.BadInput.Expect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Storm families "traffic-http" and "admin-http": requests that break HTTP/1.1 itself (request
 * line, header names and values, sizes, message framing), written by hand on a socket. Each is
 * complete as bytes go, so the gateway can always judge it: an answer is due, waiting is a hang.
 */
final class RawRequestStorm {
  private static final List<String> BAD_NAME_CHARS =
      List.of("(", ")", "@", "\"", "/", "[", "{", "é", "\u0000", "\u007f", ",", ";", "=", " ");
  private static final List<String> BAD_VALUE_CHARS =
      List.of("\u0000", "\u0001", "\u0007", "\u000b", "\u000c", "\u001b", "\u001f", "\r");
  private static final List<String> BAD_VERSIONS =
      List.of(
          "HTTP/9.9",
          "HTTP/2.0",
          "HTTP/1.2",
          "HTTP/0.9",
          "HTTP/3.0",
          "HTTP/1.10",
          "HTTPS/1.1",
          "SPDY/3.1",
          "HTTP/11.1");
  private static final List<String> BAD_REQUEST_LINES =
      List.of(
          "GET",
          "GET /",
          "GET / HTTP/1.1 extra",
          "G@T / HTTP/1.1",
          "GET / HTTP/1.1/",
          "/ HTTP/1.1",
          "GET / HTTP/",
          "GET / HTTP/a.b",
          "GET /\u0000 HTTP/1.1",
          "GET /a b HTTP/1.1",
          "\u00ff\u00fe / HTTP/1.1");
  private static final List<String> BAD_LENGTHS =
      List.of("abc", "-5", "1 2", "99999999999999999999", "+5", "0x10", "5,6", "", "1.0");

  private final int port;
  private final String family;
  private final String host;
  private final String path;
  private final String authorization;
  private final boolean guarded;
  private final int maxHeaderBytes;

  /** The traffic port: Cutover's own server, guarded. */
  static RawRequestStorm traffic(Gateway gateway) {
    return new RawRequestStorm(
        "traffic-http", gateway.proxyPort, Gateway.HOST, "/", null, true, 8 * 1024);
  }

  /** The admin port (Quarkus), with the token: only the HTTP is wrong. */
  static RawRequestStorm admin(Gateway gateway) {
    return new RawRequestStorm(
        "admin-http",
        gateway.adminPort,
        "127.0.0.1:" + gateway.adminPort,
        "/api/v1/services",
        "Authorization: Bearer " + gateway.token(),
        false,
        20 * 1024);
  }

  /**
   * @param path where well-formed requests would go: they would be answered 2xx there
   * @param authorization the admin port's {@code Authorization} header line, or null
   * @param guarded whether the port refuses what Netty lets through (the traffic port's request
   *     guard): an unknown HTTP version, an empty header name, a second Host, a Transfer-Encoding
   *     other than chunked, a broken chunked body. The admin port is Quarkus' own server, which
   *     answers an unknown version 501 and cuts a broken chunked body without an answer, and has no
   *     hook to change either: those inputs are left out there, or allowed a cut.
   * @param maxHeaderBytes the port's limit on the request head (Vert.x 8 kB, Quarkus 20 kB)
   */
  private RawRequestStorm(
      String family,
      int port,
      String host,
      String path,
      String authorization,
      boolean guarded,
      int maxHeaderBytes) {
    this.family = family;
    this.port = port;
    this.host = host;
    this.path = path;
    this.authorization = authorization;
    this.guarded = guarded;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  BadInput next(Random r) {
    int kind = r.nextInt(guarded ? 16 : 13);
    return switch (kind) {
      case 15 -> emptyHeaderName();
      case 14 -> secondHost(r);
      case 13 -> badTransferEncoding(r);
      case 12 -> withoutHost();
      case 0 -> oversizedHeader(r);
      case 1 -> manyHeaders(r);
      case 2 -> badHeaderName(r);
      case 3 -> badHeaderValue(r);
      case 4 -> headerWithoutColon(r);
      case 5 -> badRequestLine(r);
      case 6 -> guarded ? unknownVersion(r) : badRequestLine(r);
      case 7 -> badContentLength(r);
      case 8 -> lengthAndChunked(r);
      case 9 -> badChunks(r);
      case 10 -> oversizedUri(r);
      default -> garbage(r);
    };
  }

  private BadInput oversizedHeader(Random r) {
    int size = Math.max(16 * 1024, maxHeaderBytes + 1024) + r.nextInt(84 * 1024);
    return get(
        "a header value of " + size + " bytes",
        "GET " + path + " HTTP/1.1",
        List.of("X-Storm: " + "v".repeat(size)));
  }

  private BadInput manyHeaders(Random r) {
    int count = maxHeaderBytes / 8 + r.nextInt(3_000); // each line is at least 14 bytes
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add("X-Storm-" + i + ": " + i);
    }
    return get(count + " headers", "GET " + path + " HTTP/1.1", lines);
  }

  private BadInput badHeaderName(Random r) {
    String bad = pick(r, BAD_NAME_CHARS);
    // A name that starts with a blank would be obs-fold, legal: keep blanks inside the name.
    String name = r.nextBoolean() || bad.equals(" ") ? "X-Bad" + bad + "Name" : bad;
    return get(
        "header name " + RawHttp.printable(name),
        "GET " + path + " HTTP/1.1",
        List.of(name + ": value"));
  }

  private BadInput badHeaderValue(Random r) {
    String bad = pick(r, BAD_VALUE_CHARS);
    return get(
        "header value with " + RawHttp.printable(bad),
        "GET " + path + " HTTP/1.1",
        List.of("X-Storm: a" + bad + "b"));
  }

  private BadInput headerWithoutColon(Random r) {
    // (A line of blanks is legal: obs-fold continues the header before it.)
    String line = pick(r, List.of("NoColonHere", "X-Storm value", "X-Storm"));
    return get("header line '" + line + "'", "GET " + path + " HTTP/1.1", List.of(line));
  }

  /** HTTP/1.1 makes Host mandatory (RFC 9112 3.2). */
  private BadInput withoutHost() {
    List<String> lines = new ArrayList<>();
    if (authorization != null) {
      lines.add(authorization);
    }
    lines.add("Connection: close");
    byte[] bytes = RawHttp.request("GET " + path + " HTTP/1.1", lines, new byte[0]);
    return BadInput.raw(family, "no Host header", Expect.CLIENT_ERROR, port, bytes);
  }

  private BadInput badRequestLine(Random r) {
    String line = pick(r, BAD_REQUEST_LINES);
    return get("request line '" + RawHttp.printable(line) + "'", line, List.of());
  }

  private BadInput unknownVersion(Random r) {
    String version = pick(r, BAD_VERSIONS);
    return get("version " + version, "GET " + path + " " + version, List.of());
  }

  private BadInput badContentLength(Random r) {
    List<String> lines = new ArrayList<>();
    String what;
    if (r.nextInt(3) == 0) {
      int a = r.nextInt(10);
      lines.add("Content-Length: " + a);
      lines.add("Content-Length: " + (a + 1 + r.nextInt(10)));
      what = "two different Content-Length";
    } else {
      String length = pick(r, BAD_LENGTHS);
      lines.add("Content-Length: " + length);
      what = "Content-Length '" + length + "'";
    }
    return send(what, "POST " + path + " HTTP/1.1", lines, "abcde", Expect.CLIENT_ERROR);
  }

  private BadInput lengthAndChunked(Random r) {
    List<String> lines = new ArrayList<>();
    lines.add("Content-Length: " + (1 + r.nextInt(20)));
    lines.add("Transfer-Encoding: chunked");
    if (r.nextBoolean()) {
      java.util.Collections.reverse(lines);
    }
    return send(
        "Content-Length and Transfer-Encoding",
        "POST " + path + " HTTP/1.1",
        lines,
        "3\r\nabc\r\n0\r\n\r\n",
        Expect.CLIENT_ERROR);
  }

  private BadInput badChunks(Random r) {
    String body =
        pick(
            r,
            List.of(
                "ZZ\r\nabc\r\n0\r\n\r\n",
                "-1\r\nabc\r\n0\r\n\r\n",
                "FFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n",
                "\r\n\r\n",
                "0x3\r\nabc\r\n0\r\n\r\n"));
    return send(
        "chunked body '" + RawHttp.printable(body) + "'",
        "POST " + path + " HTTP/1.1",
        List.of("Transfer-Encoding: chunked"),
        body,
        guarded ? Expect.CLIENT_ERROR : Expect.CLIENT_ERROR_OR_CUT);
  }

  private BadInput emptyHeaderName() {
    return get("an empty header name", "GET " + path + " HTTP/1.1", List.of(": value"));
  }

  private BadInput secondHost(Random r) {
    String other = pick(r, List.of(host, "other.localhost", "", "a b"));
    return get(
        "a second Host '" + other + "'", "GET " + path + " HTTP/1.1", List.of("Host: " + other));
  }

  private BadInput badTransferEncoding(Random r) {
    String codings =
        pick(r, List.of("gzip", "gzip, chunked", "chunked, chunked", "identity", "xchunked", ""));
    return send(
        "Transfer-Encoding '" + codings + "'",
        "POST " + path + " HTTP/1.1",
        List.of("Transfer-Encoding: " + codings),
        "3\r\nabc\r\n0\r\n\r\n",
        Expect.CLIENT_ERROR);
  }

  private BadInput oversizedUri(Random r) {
    int size = 5_000 + r.nextInt(60_000);
    return get(
        "a URI of " + size + " bytes", "GET " + path + "u".repeat(size) + " HTTP/1.1", List.of());
  }

  /** Random bytes that start like text and end like a request head. */
  private BadInput garbage(Random r) {
    byte[] random = AdminBodyStorm.randomBytes(r, 1 + r.nextInt(2048));
    random[0] = (byte) ('A' + r.nextInt(26));
    byte[] bytes = new byte[random.length + 4];
    System.arraycopy(random, 0, bytes, 0, random.length);
    System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, random.length, 4);
    return BadInput.raw(family, random.length + " random bytes", Expect.CLIENT_ERROR, port, bytes);
  }

  private BadInput get(String what, String requestLine, List<String> extraLines) {
    return send(what, requestLine, extraLines, "", Expect.CLIENT_ERROR);
  }

  private BadInput send(
      String what, String requestLine, List<String> extraLines, String body, Expect expect) {
    List<String> lines = new ArrayList<>();
    lines.add("Host: " + host);
    if (authorization != null) {
      lines.add(authorization);
    }
    lines.addAll(extraLines);
    lines.add("Connection: close");
    byte[] bytes = RawHttp.request(requestLine, lines, body.getBytes(StandardCharsets.ISO_8859_1));
    return BadInput.raw(family, what, expect, port, bytes);
  }
}
