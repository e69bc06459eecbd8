package io.cutover.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses, before any resource runs, admin API calls whose URI holds a NUL character ({@code %00}):
 * service names, versions and filters are PostgreSQL text, which cannot hold one, so the query
 * would fail and the call answer 500. (NUL in a JSON body: {@link JsonBody}.)
 */
@ApplicationScoped
public class AdminInputGuard {
  // After the token check (1000): a caller without the token learns nothing more.
  private static final int PRIORITY = 900;

  private final ObjectMapper json;

  AdminInputGuard(ObjectMapper json) {
    this.json = json;
  }

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  private void check(RoutingContext context) {
    HttpServerRequest request = context.request();
    String uri = request.uri();
    if (!uri.startsWith("/api")) {
      context.next();
      return;
    }
    String refusal = refusal(uri);
    if (refusal == null) {
      context.next();
      return;
    }
    String body;
    try {
      body = json.writeValueAsString(Problem.of(400, refusal).at(request.path()));
    } catch (JsonProcessingException e) {
      body = "{\"status\":400}";
    }
    context
        .response()
        .setStatusCode(400)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body);
  }

  static String refusal(String uri) {
    if (uri.contains("%00") || uri.indexOf('\0') >= 0) {
      return "the URI holds a NUL character (%00): service names, versions, release ids and"
          + " filters are text without one";
    }
    return null;
  }
}
