package io.cutover.api;

import io.cutover.db.DatabaseUnavailableException;
import io.cutover.release.ReleaseNotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;

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

  @GET
  @Path("unexpected")
  public String unexpected() {
    throw new IllegalStateException("internal state: password=hunter2");
  }

  @GET
  @Path("wrapped")
  public Uni<String> wrapped() {
    return Uni.createFrom().failure(new CompletionException(new ReleaseNotFoundException(424242)));
  }

  @GET
  @Path("database-down")
  public Uni<String> databaseDown() {
    return Uni.createFrom()
        .failure(new DatabaseUnavailableException(new java.net.ConnectException("refused")));
  }
}
