package io.cutover.api;

import io.cutover.config.CutoverConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every request on the admin port needs {@code Authorization: Bearer <token>}, or the dashboard's
 * session cookie ({@link AdminSessions}) when it sends no Authorization header, unless its raw path
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
 *
 * <p>The cookie is {@code SameSite=Strict}, so no other site's page makes the browser send it; a
 * page on the same host but another port (an app behind the traffic port) is "same site" all the
 * same, so a call the cookie authorizes is also refused when the browser says it came from another
 * origin ({@code Sec-Fetch-Site}), and every call that changes state must be JSON ({@link
 * JsonContentTypeGuard}), which no page of another origin can send here without a CORS grant.
 */
@ApplicationScoped
public class AdminAuthFilter {
  // Runs before the REST layer and any other filter.
  private static final int PRIORITY = 1000;

  private final AdminToken token;
  private final AdminSessions sessions;
  private final ProblemReply reply;
  private final String how;

  AdminAuthFilter(
      AdminToken token, AdminSessions sessions, ProblemReply reply, CutoverConfig config) {
    this.token = token;
    this.sessions = sessions;
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
    String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    Cookie session = context.request().getCookie(AdminSessions.COOKIE);
    if (authorization == null && session != null) {
      checkSession(context, session.getValue());
      return;
    }
    String presented = bearer(authorization);
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

  private void checkSession(RoutingContext context, String id) {
    if (!sessions.use(id)) {
      context.response().putHeader("WWW-Authenticate", "Bearer realm=\"cutover\"");
      reply.send(
          context,
          Problem.of(
              401,
              "the dashboard session has expired or was logged out: log in again with the token"
                  + " (POST /api/v1/session), or "
                  + how));
      return;
    }
    String site = context.request().getHeader("Sec-Fetch-Site");
    if ("cross-site".equals(site) || "same-site".equals(site)) {
      reply.send(
          context,
          Problem.of(
              403,
              "the session cookie is honoured only on calls from the dashboard's own page, and"
                  + " this one came from another origin (Sec-Fetch-Site: "
                  + site
                  + "): call the API with the bearer token instead"));
      return;
    }
    context.next();
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
