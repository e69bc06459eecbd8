package io.cutover.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into problem+json once, at the edge of the admin API. */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return e.problem().at(uri.getPath()).toResponse();
  }

  /** JAX-RS' own errors (404, 405, 415, a body that is not JSON) answer problems as well. */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri) {
    Response response = e.getResponse();
    if (response.hasEntity()) {
      return response;
    }
    String detail =
        e.getMessage() == null ? response.getStatusInfo().getReasonPhrase() : e.getMessage();
    return Problem.of(response.getStatus(), detail).at(uri.getPath()).toResponse();
  }
}
