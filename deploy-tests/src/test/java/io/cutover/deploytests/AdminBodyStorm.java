package io.cutover.deploytests;

import io.cutover.deploytests.BadInput.Expect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Storm family "admin-body": admin API calls whose body, path, query or token is wrong. Each one is
 * surely wrong, never merely unusual: a storm input that happened to be a valid deploy or rollback
 * would start a release and change the history the scenario checks.
 */
final class AdminBodyStorm {
  private static final String FAMILY = "admin-body";
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/xml",
          "multipart/form-data; boundary=zzz",
          "application/json; charset=utf-16",
          "application/json; charset=no-such-charset",
          "garbage",
          "*/*",
          "");
  private static final List<String> BAD_VERSIONS =
      List.of(
          "",
          " ",
          "v 1",
          "-v1",
          ".v1",
          "v1/../v2",
          "v1\\nv2",
          "v1;rm -rf",
          "vé",
          "v1\\u0000",
          "💥",
          "<script>",
          "a".repeat(129),
          "v1?x=1",
          "v1#",
          "v1*",
          "${VERSION}");
  private static final List<String> UNKNOWN_STRATEGIES =
      List.of("", "canary2", "blue green", "Rolling", "../rolling", "rolling\\u0000", "🟦🟩", "x");
  // Not "%2e%2e": it normalizes to "..", and /api/v1/services/../releases is a valid call.
  private static final List<String> ODD_SERVICES =
      List.of(
          "no-such-service",
          "UPPER",
          "..%2f..%2fetc",
          "a%20b",
          "%F0%9F%92%A9",
          "%zz",
          "%",
          "a;b",
          "a'or'1'='1",
          "x".repeat(300),
          "%00",
          "-",
          "_");

  private final int port;
  private final String token;
  private final String service;
  private final List<Long> releaseIds;

  /**
   * @param releaseIds ids of ended or live releases: control calls on them must get 409
   */
  AdminBodyStorm(int port, String token, String service, List<Long> releaseIds) {
    this.port = port;
    this.token = token;
    this.service = service;
    this.releaseIds = List.copyOf(releaseIds);
  }

  BadInput next(Random r) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2 -> deploy(r);
      case 3 -> rollback(r);
      case 4 -> control(r);
      case 5 -> releaseById(r);
      case 6 -> releaseList(r);
      case 7 -> oddService(r);
      case 8 -> badToken(r);
      default -> wrongMethodOrPath(r);
    };
  }

  private BadInput deploy(Random r) {
    String what;
    byte[] body;
    switch (r.nextInt(6)) {
      case 0 -> {
        body = randomBytes(r, 1 + r.nextInt(4096));
        what = "random bytes (" + body.length + ")";
      }
      case 1 -> {
        String valid = "{\"version\":\"v9\",\"strategy\":\"bluegreen\"}";
        int cut = r.nextInt(valid.length());
        body = utf8(valid.substring(0, cut));
        what = "truncated JSON at " + cut;
      }
      case 2 -> {
        int depth = 1_000 + r.nextInt(20_000);
        body = utf8("{\"version\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        what = "nesting " + depth + " deep";
      }
      case 3 -> {
        boolean overLimit = r.nextInt(20) == 0; // the admin body limit is 10 MB
        int size = overLimit ? 11 * 1024 * 1024 : 1024 * 1024 + r.nextInt(2 * 1024 * 1024);
        body = utf8("{\"version\":\"" + "v".repeat(size) + "\"}");
        what = "version of " + size + " chars";
      }
      default -> {
        List<String> fields = poisonedDeployFields(r);
        body = utf8("{" + String.join(",", fields) + "}");
        what = "fields " + fields;
      }
    }
    String contentType = pick(r, CONTENT_TYPES);
    return post("POST deploy " + what + " as " + contentType, deploys(service), contentType, body);
  }

  /**
   * Deploy fields with at least one that makes the deploy invalid whatever the others say (a
   * numeric version alone would be coerced to a valid string). The harmless noise comes first: of
   * two fields with one name, the last could win.
   */
  private static List<String> poisonedDeployFields(Random r) {
    List<String> fields = new ArrayList<>();
    if (r.nextBoolean()) {
      fields.add(
          pick(
              r,
              List.of(
                  "\"version\":3",
                  "\"strategy\":\"rolling\"",
                  "\"reason\":null",
                  "\"version\":true")));
    }
    List<String> poisons = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      poisons.add(
          switch (r.nextInt(7)) {
            case 0 -> "\"version\":\"" + pick(r, BAD_VERSIONS) + "\"";
            case 1 -> "\"strategy\":\"" + pick(r, UNKNOWN_STRATEGIES) + "\"";
            case 2 -> "\"targets\":[\"127.0.0.1:" + r.nextInt(70_000) + "\"]";
            case 3 ->
                "\"trigger\":\"" + pick(r, List.of("auto-rollback", "rollback", "", "API")) + "\"";
            case 4 -> "\"" + pick(r, List.of("strategey", "versions", "", "__proto__")) + "\":1";
            case 5 -> "\"version\":" + pick(r, List.of("{}", "[]", "[\"v1\"]", "{\"v\":1}"));
            default -> "\"targets\":" + pick(r, List.of("{}", "\"x\"", "[[]]", "[{}]"));
          });
    }
    java.util.Collections.shuffle(poisons, r);
    fields.addAll(poisons);
    return fields;
  }

  private BadInput rollback(Random r) {
    String body =
        switch (r.nextInt(8)) {
          case 0 -> "{\"to\":\"nope-" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + "\"}";
          case 1 -> "{\"to\":" + (1_000_000_000_000L + (r.nextLong() & 0xffffffffL)) + "}";
          case 2 -> "{\"to\":" + pick(r, List.of("[]", "{}", "[1,2]", "{\"id\":1}")) + "}";
          case 3 -> "{\"" + pick(r, List.of("too", "target", "id", "")) + "\":\"x\"}";
          case 4 -> "{\"to\":\"nope\"" + pick(r, List.of("", ",", ",\"to\"", "}}")) + "";
          case 5 -> "{\"to\":-" + (1 + r.nextInt(1000)) + "}";
          case 6 -> "{\"to\":\"nope\\u0000" + r.nextInt(1000) + "\"}";
          // Never blank: an empty body is a valid rollback to the release live before.
          default -> "~" + new String(randomBytes(r, r.nextInt(512)), StandardCharsets.ISO_8859_1);
        };
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    return post(
        "POST rollback " + RawHttp.printable(clip(body)),
        "/api/v1/services/" + service + "/rollback",
        pick(r, CONTENT_TYPES),
        bytes);
  }

  /** promote/abort/pause/resume on ids that are no release, or on releases that ended: 4xx. */
  private BadInput control(Random r) {
    String action = pick(r, List.of("promote", "abort", "pause", "resume"));
    String id =
        r.nextInt(3) == 0 && !releaseIds.isEmpty() ? String.valueOf(pick(r, releaseIds)) : badId(r);
    byte[] body = r.nextBoolean() ? new byte[0] : randomBytes(r, 1 + r.nextInt(256));
    return post(
        "POST " + action + " on release " + id + " with " + body.length + " body bytes",
        "/api/v1/releases/" + id + "/" + action,
        pick(r, CONTENT_TYPES),
        body);
  }

  private BadInput releaseById(Random r) {
    String id = badId(r);
    String suffix = r.nextBoolean() ? "" : "/events";
    return get("GET release " + id + suffix, "/api/v1/releases/" + id + suffix);
  }

  /** Not "1;x": a matrix parameter, which JAX-RS strips, leaving a valid id. */
  private static String badId(Random r) {
    return pick(
        r,
        List.of(
            "abc",
            "-1",
            "0",
            "99999999999999999999",
            "9223372036854775808",
            "1e3",
            "0x10",
            "1.5",
            "%20",
            "1%00",
            "1'select",
            "" + (1_000_000_000_000L + r.nextInt(1_000_000)),
            "9".repeat(1 + r.nextInt(2000))));
  }

  private BadInput releaseList(Random r) {
    String query =
        pick(
            r,
            List.of(
                "limit=-1",
                "limit=0",
                "limit=501",
                "limit=abc",
                "limit=99999999999999999999",
                "since=notadate",
                "until=2024-13-45T00:00:00Z",
                "since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z",
                "cursor=garbage",
                "cursor=" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36),
                "cursor=%FF%FE",
                "status=bogus",
                "status=live,nope",
                "limit=%zz",
                "version=v%001",
                "strategy=%00"));
    String path =
        r.nextBoolean() ? "/api/v1/releases" : "/api/v1/services/" + service + "/releases";
    return get("GET " + path + "?" + query, path + "?" + query);
  }

  /** Calls on services that do not exist, with names no service file could have. */
  private BadInput oddService(Random r) {
    String name = pick(r, ODD_SERVICES);
    return switch (r.nextInt(4)) {
      case 0 -> get("GET service " + name, "/api/v1/services/" + name);
      case 1 -> get("GET releases of service " + name, "/api/v1/services/" + name + "/releases");
      case 2 ->
          post(
              "POST rollback of service " + name,
              "/api/v1/services/" + name + "/rollback",
              "application/json",
              new byte[0]);
      default ->
          post(
              "POST deploy of service " + name,
              deploys(name),
              "application/json",
              utf8("{\"version\":\"v9\"}"));
    };
  }

  /** No token, a wrong one, or a mangled header: 401 before anything else is looked at. */
  private BadInput badToken(Random r) {
    String authorization =
        pick(
            r,
            List.of(
                "",
                "Bearer",
                "Bearer ",
                "Bearer wrong-token",
                "Basic " + token,
                "bearer" + token,
                "Bearer " + token + "x",
                "Bearer " + token.substring(1),
                "Bearer " + "t".repeat(1 + r.nextInt(10_000))));
    List<String> headers = new ArrayList<>(List.of("Host: 127.0.0.1:" + port, "Connection: close"));
    if (!authorization.isEmpty()) {
      headers.add("Authorization: " + authorization);
    }
    String path =
        pick(r, List.of("/api/v1/services", deploys(service), "/api/v1/releases", "/api/nope"));
    byte[] body = utf8("{\"version\":\"v9\"}");
    headers.add("Content-Type: application/json");
    headers.add("Content-Length: " + body.length);
    return BadInput.raw(
        FAMILY,
        "POST " + path + " with Authorization: " + clip(authorization),
        Expect.CLIENT_ERROR,
        port,
        RawHttp.request("POST " + path + " HTTP/1.1", headers, body));
  }

  private BadInput wrongMethodOrPath(Random r) {
    String method = pick(r, List.of("PUT", "DELETE", "PATCH", "GET"));
    String path =
        pick(
            r,
            List.of(
                deploys(service),
                "/api/v1/services/" + service + "/rollback",
                "/api/v1/services/reload",
                "/api/v2/services",
                "/api/v1/releases/1/explode",
                "/api/v1/",
                "/api/v1/services/" + service + "/deploys/1"));
    return raw(method + " " + path, method, path, "application/json", utf8("{}"));
  }

  private static String deploys(String service) {
    return "/api/v1/services/" + service + "/deploys";
  }

  private BadInput get(String what, String path) {
    return raw(what, "GET", path, null, new byte[0]);
  }

  private BadInput post(String what, String path, String contentType, byte[] body) {
    return raw(what, "POST", path, contentType, body);
  }

  private BadInput raw(String what, String method, String path, String contentType, byte[] body) {
    List<String> headers = new ArrayList<>();
    headers.add("Host: 127.0.0.1:" + port);
    headers.add("Authorization: Bearer " + token);
    headers.add("Connection: close");
    if (contentType != null && !contentType.isEmpty()) {
      headers.add("Content-Type: " + contentType);
    }
    headers.add("Content-Length: " + body.length);
    return BadInput.raw(
        FAMILY,
        what,
        Expect.CLIENT_ERROR,
        port,
        RawHttp.request(method + " " + path + " HTTP/1.1", headers, body));
  }

  static byte[] randomBytes(Random r, int n) {
    byte[] bytes = new byte[n];
    r.nextBytes(bytes);
    return bytes;
  }

  static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String clip(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text;
  }
}
