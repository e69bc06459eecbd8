package io.cutover.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** Test-only endpoints that fail in the ways real resources do. */
@Path("/api/v1/test-problems")
public class ProblemThrowingResource {

  @GET
  @Path("conflict")
  public String conflict() {
    throw new ProblemException(409, "service web already has a running release: abort it first");
  }

  @GET
  @Path("not-found")
  public String notFound() {
    throw new NotFoundException("no release 42: list them with GET /api/v1/releases");
  }

  @GET
  @Path("own-response")
  public String ownResponse() {
    throw new jakarta.ws.rs.WebApplicationException(
        Response.status(418).type("text/plain").entity("teapot").build());
  }
}
