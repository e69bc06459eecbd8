package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.support.RawExchange;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every spelling of a protected path, sent without a token over a raw socket (so no client
 * normalises it first), answers 401: the router and the token check cannot disagree about which
 * resource a request is.
 */
@QuarkusTest
class AdminPathSpellingsTest {
  private static final String DEPLOY = "{\"version\":\"pwn\",\"targets\":[\"127.0.0.1:9\"]}";

  /** Spellings of {@code GET /api/v1/services} and of the other protected GETs. */
  private static final List<String> READS =
      List.of(
          "/api;/v1/services",
          "/api;x=1/v1/services",
          "/api/v1;/services",
          "/api/v1/services;",
          "/api/v1/services;jsessionid=1",
          "/api;/v1;/services;",
          "/%61pi/v1/services",
          "/api%2Fv1%2Fservices",
          "/api%2fv1/services",
          "/api%3B/v1/services",
          "/api%3b/v1/services",
          "/%2e/api/v1/services",
          "/%2E/api/v1/services",
          "/api/v1/%2e/services",
          "/api/v1/x/%2e%2e/services",
          "/api/v1/x/%2E%2E/services",
          "/./api/v1/services",
          "/q/../api/v1/services",
          "/api/v1/x/../services",
          "//api/v1/services",
          "///api/v1/services",
          "/api//v1//services",
          "/API/v1/services",
          "/Api/V1/Services",
          "/api/V1/services",
          "/api/v1/services/",
          "/api/v1/services//",
          "/api/v1/services.",
          "/api/v1/services/.",
          "/api./v1/services",
          "/api/v1/services%20",
          "/api/v1/..;/v1/services",
          "/api/v1/x/..;/services",
          "/q/health/..;/../api/v1/services",
          "/q/health/../../api/v1/services",
          "/q/health/%2e%2e/%2e%2e/api/v1/services",
          "/q/health;/../../api/v1/services",
          "/q/health/%2F..%2F..%2Fapi/v1/services",
          "/api\\v1\\services",
          "/api%5Cv1%5Cservices",
          "/api/v1/services?x=/q/health",
          "/api/v1/services#/q/health",
          "/api/v1/services/%77eb",
          "/api/v1/releases;",
          "/api/v1/releases/1;/events",
          "/api",
          "/api/",
          "/q/metrics",
          "/q/metrics/",
          "/q/metrics;",
          "/q//metrics",
          "/q/metrics;x=/q/health",
          "/Q/METRICS",
          "/q/%6detrics",
          "/q/health/../metrics",
          "/q/health/..;/metrics",
          "/q/openapi",
          "/q/openapi?format=json",
          "/q/openapi;",
          "/q/health/../openapi",
          "http://127.0.0.1/api/v1/services",
          "http://127.0.0.1/api;/v1/services",
          "http://127.0.0.1/q/metrics");

  /** Spellings of {@code POST /api/v1/services/web/deploys}, the call that starts a release. */
  private static final List<String> DEPLOYS =
      List.of(
          "/api;/v1/services/web/deploys",
          "/api/v1;/services;/web;/deploys;",
          "/api/v1/services/web;/deploys",
          "/api/v1/services/web/deploys;",
          "/api%2Fv1/services/web/deploys",
          "/api%3B/v1/services/web/deploys",
          "/%2e/api/v1/services/web/deploys",
          "//api/v1/services/web/deploys",
          "/API/v1/services/web/deploys",
          "/api/v1/services/web/deploys/",
          "/api/v1/services/web/deploys.",
          "/api/v1/..;/v1/services/web/deploys",
          "/q/health/../../api/v1/services/web/deploys",
          "/q/health/..;/../api/v1/services/web/deploys",
          "/api\\v1\\services\\web\\deploys",
          "http://127.0.0.1/api;/v1/services/web/deploys");

  /** Every real endpoint, with concrete path parameters. */
  private static final List<String> ENDPOINTS =
      List.of(
          "/api/v1/services",
          "/api/v1/services/web",
          "/api/v1/services/web/deploys",
          "/api/v1/services/web/rollback",
          "/api/v1/services/web/releases",
          "/api/v1/services/reload",
          "/api/v1/releases",
          "/api/v1/releases/1",
          "/api/v1/releases/1/events",
          "/api/v1/releases/1/promote",
          "/api/v1/releases/1/abort",
          "/api/v1/releases/1/pause",
          "/api/v1/releases/1/resume",
          "/api/v1/nothing-here",
          "/q/metrics",
          "/q/openapi",
          "/q/nothing-here",
          "/nothing-here");

  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  @TestHTTPResource("/")
  URL root;

  @Test
  void noSpellingOfAProtectedReadAnswersWithoutTheToken() {
    List<String> leaks = new ArrayList<>();
    for (String target : READS) {
      expect401(request("GET", target, null), "GET " + target, leaks);
    }
    assertEquals(List.of(), leaks, "answered without a token");
  }

  @Test
  void noSpellingOfTheDeployCallAnswersWithoutTheToken() {
    List<String> leaks = new ArrayList<>();
    for (String target : DEPLOYS) {
      expect401(request("POST", target, DEPLOY), "POST " + target, leaks);
    }
    assertEquals(List.of(), leaks, "answered without a token");
  }

  @Test
  void everyEndpointWithEveryMethodNeedsTheToken() {
    List<String> leaks = new ArrayList<>();
    for (String path : ENDPOINTS) {
      for (String method : METHODS) {
        String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
        expect401(request(method, path, body), method + " " + path, leaks);
      }
    }
    assertEquals(List.of(), leaks, "answered without a token");
  }

  @Test
  void healthAnswersWithoutTheToken() {
    for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready")) {
      String answer = RawExchange.send(root.getPort(), request("GET", path, null));
      assertEquals("HTTP/1.1 200 OK", RawExchange.statusLine(answer), path);
    }
  }

  @Test
  void theDashboardPageNeedsNoToken() {
    String answer = RawExchange.send(root.getPort(), request("GET", "/", null));
    assertNotEquals(401, status(answer), "the dashboard asks for the token itself");
  }

  private void expect401(String request, String what, List<String> leaks) {
    String answer = RawExchange.send(root.getPort(), request);
    int status = status(answer);
    // A 400 without a problem body is Vert.x refusing the request line (a backslash) before any
    // route ran; a resource's 400 would be a problem, and a leak.
    boolean refusedByHttpCodec = status == 400 && !answer.contains(Problem.MEDIA_TYPE);
    if (status != 401 && !refusedByHttpCodec) {
      leaks.add(what + " -> " + RawExchange.statusLine(answer));
    }
    if (status == 401) {
      assertTrue(answer.contains("WWW-Authenticate: Bearer"), what + ": " + answer);
    }
  }

  private String request(String method, String target, String body) {
    String host = "Host: 127.0.0.1:" + root.getPort();
    return RawExchange.request(
        method,
        target,
        body == null ? List.of(host) : List.of(host, "Content-Type: application/json"),
        body);
  }

  private static int status(String answer) {
    String line = RawExchange.statusLine(answer);
    String[] parts = line.split(" ");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
  }
}
