package io.cutover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem: every admin API error answers one, as {@code application/problem+json}, with
 * a {@code detail} that tells the user what to change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
  public static final String MEDIA_TYPE = "application/problem+json";

  /** A problem whose title is the status's reason phrase. */
  public static Problem of(int status, String detail) {
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Error " + status : known.getReasonPhrase();
    return new Problem("about:blank", title, status, detail, null);
  }

  public Problem at(String path) {
    return new Problem(type, title, status, detail, path);
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
