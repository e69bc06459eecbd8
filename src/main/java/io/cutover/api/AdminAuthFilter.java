package io.cutover.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.config.CutoverConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every {@code /api/**} call on the admin port needs {@code Authorization: Bearer <token>}. A
 * filter on the admin HTTP server rather than on REST resources, so that no path under {@code
 * /api}, not even an unknown one, answers without the token.
 */
@ApplicationScoped
public class AdminAuthFilter {
  // Runs before the REST layer and any other filter.
  private static final int PRIORITY = 1000;

  private final AdminToken token;
  private final ObjectMapper json;
  private final String how;

  AdminAuthFilter(AdminToken token, ObjectMapper json, CutoverConfig config) {
    this.token = token;
    this.json = json;
    this.how =
        "send the header `Authorization: Bearer <token>`; the token is cutover.admin.token"
            + " (CUTOVER_ADMIN_TOKEN) or, when that is unset, the one the gateway generated at"
            + " start into "
            + config.dataDir().resolve("token");
  }

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  private void check(RoutingContext context) {
    // Collapsed slashes too, so "//api/..." is judged like "/api/..." whatever the router does.
    String path = context.normalizedPath().replaceAll("/{2,}", "/");
    if (!path.equals("/api") && !path.startsWith("/api/")) {
      context.next();
      return;
    }
    String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    String presented = bearer(header);
    if (token.matches(presented)) {
      context.next();
      return;
    }
    String detail =
        presented == null
            ? "this call needs a bearer token: " + how
            : "the bearer token is wrong: " + how;
    Problem problem = Problem.of(401, detail).at(path);
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      body = "{\"status\":401}";
    }
    context
        .response()
        .setStatusCode(401)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(
            "WWW-Authenticate",
            presented == null
                ? "Bearer realm=\"cutover\""
                : "Bearer realm=\"cutover\", error=\"invalid_token\"")
        .end(body);
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  static String bearer(String header) {
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String value = header.substring(7).trim();
    return value.isEmpty() ? null : value;
  }
}
