package io.cutover.api;

import io.cutover.config.CutoverConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestCookie;

/**
 * {@code POST /api/v1/session} trades the admin token for a session cookie, {@code DELETE} ends the
 * session: for the dashboard, whose live step log ({@code EventSource}) cannot send a bearer token.
 * The path is public ({@link PublicPaths}), so this resource checks the token itself, and the JSON
 * rule ({@link JsonContentTypeGuard}) that public paths skip.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
  private final AdminToken token;
  private final AdminSessions sessions;
  private final JsonBody json;
  private final long idleSeconds;

  SessionResource(AdminToken token, AdminSessions sessions, JsonBody json, CutoverConfig config) {
    this.token = token;
    this.sessions = sessions;
    this.json = json;
    this.idleSeconds = config.admin().sessionTimeout().toSeconds();
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary = "Log in: the admin token for an HttpOnly, SameSite=Strict session cookie",
      description =
          "Send the token as {\"token\":\"...\"} (Content-Type: application/json) or as"
              + " Authorization: Bearer <token> with no body. The cookie then stands for the"
              + " token on the admin port, also for the SSE step log")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = LoginBody.class)))
  @APIResponse(responseCode = "200", description = "Logged in; Set-Cookie: cutover_session")
  @APIResponse(responseCode = "401", description = "No token, or a wrong one")
  @APIResponse(responseCode = "415", description = "A body that is not JSON")
  public Response login(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
    String refusal =
        JsonContentTypeGuard.refusal(
            headers.getRequestHeader(HttpHeaders.CONTENT_TYPE),
            body != null && !body.isEmpty(),
            headers.getHeaderString("Origin") != null);
    if (refusal != null) {
      throw new ProblemException(415, refusal);
    }
    String presented = AdminAuthFilter.bearer(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (presented == null) {
      LoginBody login = json.read(body, LoginBody.class);
      presented = login == null ? null : login.token();
    }
    if (!token.matches(presented)) {
      return unauthorized(presented);
    }
    boolean secure = "https".equals(uri.getRequestUri().getScheme());
    return Response.ok(new SessionView(idleSeconds, AdminSessions.MAX_LIFETIME.toSeconds()))
        .header(
            HttpHeaders.SET_COOKIE,
            cookie(sessions.open(), AdminSessions.MAX_LIFETIME.toSeconds(), secure))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  @GET
  @Operation(
      summary =
          "Whether this browser's session cookie is live (never 401: the dashboard asks first)")
  @APIResponse(responseCode = "200", description = "active: true or false")
  public SessionState state(@RestCookie(AdminSessions.COOKIE) String session) {
    return new SessionState(sessions.use(session));
  }

  /**
   * @param active the request's session cookie names a live session
   */
  public record SessionState(boolean active) {}

  @DELETE
  @Operation(summary = "Log out: the session cookie no longer authorizes anything")
  @APIResponse(responseCode = "204", description = "Logged out (also when there was no session)")
  public Response logout(@RestCookie(AdminSessions.COOKIE) String session, @Context UriInfo uri) {
    sessions.close(session);
    boolean secure = "https".equals(uri.getRequestUri().getScheme());
    return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", 0, secure)).build();
  }

  private static Response unauthorized(String presented) {
    Problem problem =
        Problem.of(
            401,
            presented == null
                ? "log in with the admin token: send {\"token\":\"<token>\"} as JSON, or the header"
                    + " `Authorization: Bearer <token>`"
                : "the token is wrong: it is cutover.admin.token (CUTOVER_ADMIN_TOKEN), or the one"
                    + " the gateway generated at start into <cutover.data-dir>/token");
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .entity(problem.at("/api/v1/session"))
        .header(
            "WWW-Authenticate",
            presented == null
                ? "Bearer realm=\"cutover\""
                : "Bearer realm=\"cutover\", error=\"invalid_token\"")
        .build();
  }

  /**
   * HttpOnly: no script reads it; SameSite=Strict: no other site's page makes the browser send it.
   */
  static String cookie(String value, long maxAgeSeconds, boolean secure) {
    return AdminSessions.COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }
}
