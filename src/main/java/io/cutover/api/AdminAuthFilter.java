package io.cutover.api;

import io.cutover.config.CutoverConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every request on the admin port needs {@code Authorization: Bearer <token>} unless its raw path
 * is one of the {@link PublicPaths}: deny by default, so the admin API, {@code /q/metrics}, {@code
 * /q/openapi} and anything added later are protected whatever the spelling of the path.
 *
 * <p>A filter on the admin HTTP server rather than Quarkus' HTTP permissions: those match a path
 * prefix against Quarkus' own normalisation of the path, which has to agree with what Vert.x and
 * RESTEasy Reactive route ({@code ;} parameters, {@code %2F}, dot segments); that disagreement is
 * how {@code /api;/v1/services} once answered without the token. Allowing only exact public
 * spellings leaves nothing to agree on. The filter runs before every route but the access log.
 */
@ApplicationScoped
public class AdminAuthFilter {
  // Runs before the REST layer and any other filter.
  private static final int PRIORITY = 1000;

  private final AdminToken token;
  private final ProblemReply reply;
  private final String how;

  AdminAuthFilter(AdminToken token, ProblemReply reply, CutoverConfig config) {
    this.token = token;
    this.reply = reply;
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
    if (PublicPaths.isPublic(context.request().path())) {
      context.next();
      return;
    }
    String presented = bearer(context.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (token.matches(presented)) {
      context.next();
      return;
    }
    context
        .response()
        .putHeader(
            "WWW-Authenticate",
            presented == null
                ? "Bearer realm=\"cutover\""
                : "Bearer realm=\"cutover\", error=\"invalid_token\"");
    reply.send(
        context,
        Problem.of(
            401,
            presented == null
                ? "this call needs a bearer token: " + how
                : "the bearer token is wrong: " + how));
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
