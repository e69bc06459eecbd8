package io.cutover.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
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

  private final ProblemReply reply;

  AdminInputGuard(ProblemReply reply) {
    this.reply = reply;
  }

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  private void check(RoutingContext context) {
    // Every protected path, however spelt (/api;/...), not just those that start with /api.
    String refusal =
        PublicPaths.isPublic(context.request().path()) ? null : refusal(context.request().uri());
    if (refusal == null) {
      context.next();
      return;
    }
    reply.send(context, Problem.of(400, refusal));
  }

  static String refusal(String uri) {
    if (uri.contains("%00") || uri.indexOf('\0') >= 0) {
      return "the URI holds a NUL character (%00): service names, versions, release ids and"
          + " filters are text without one";
    }
    return null;
  }
}
