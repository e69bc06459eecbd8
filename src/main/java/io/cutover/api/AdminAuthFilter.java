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
 * <p>Why not a list of protected prefixes: a prefix check on a normalised path only works if its
 * normalisation agrees with what Vert.x and RESTEasy Reactive route ({@code ;} parameters, {@code
 * %2F}, {@code %2e}, dot segments, doubled slashes), now and in every later version; the earlier
 * {@code /api/} check here did not, and {@code /api;/v1/services} answered without the token.
 * Quarkus' {@code quarkus.http.auth.permission} policies are such prefix checks too (and bring
 * quarkus-security for one header). Allowing only exact public spellings leaves nothing to agree
 * on. As a filter it is route order -1000: before every REST resource and every {@code /q}
 * endpoint.
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
