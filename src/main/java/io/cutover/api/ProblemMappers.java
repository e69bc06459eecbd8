package io.cutover.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cutover.db.DatabaseUnavailableException;
import io.cutover.deploy.DeployRefusedException;
import io.cutover.release.IllegalTransitionException;
import io.cutover.release.InvalidHistoryQueryException;
import io.cutover.release.ReleaseConflictException;
import io.cutover.release.ReleaseNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns errors into problem+json once, at the edge of the admin API: named domain failures get
 * their status ({@link DomainProblems}), unreadable bodies a 400, anything else a 500 whose body
 * says nothing of the internals (the log has the stack trace).
 */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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
    if (e.getCause() instanceof JsonProcessingException json) {
      return JsonBodyProblems.of(json).at(uri.getPath()).toResponse();
    }
    String detail =
        response.getStatus() == 415
            ? "this call takes a JSON body: send it with Content-Type: application/json"
            : e.getMessage() == null ? response.getStatusInfo().getReasonPhrase() : e.getMessage();
    return Problem.of(response.getStatus(), detail).at(uri.getPath()).toResponse();
  }

  // Declared for MismatchedInputException too: Quarkus has a built-in mapper for it whose body
  // names Java types.
  @ServerExceptionMapper
  public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
    return JsonBodyProblems.of(e).at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
    return JsonBodyProblems.of(e).at(uri.getPath()).toResponse();
  }

  @ServerExceptionMapper({
    DeployRefusedException.class,
    ReleaseConflictException.class,
    IllegalTransitionException.class,
    ReleaseNotFoundException.class,
    InvalidHistoryQueryException.class,
    DatabaseUnavailableException.class
  })
  public Response domain(RuntimeException e, UriInfo uri) {
    return unexpected(e, uri);
  }

  /** Last resort: a known failure wrapped in another (a Uni's), else a 500. */
  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    Problem problem =
        DomainProblems.of(e)
            .orElseGet(
                () -> {
                  // The id ties the answer to the log line without showing internals.
                  String id = UUID.randomUUID().toString().substring(0, 8);
                  LOG.errorf(e, "admin API call failed path=%s error=%s", uri.getPath(), id);
                  return Problem.of(
                      500,
                      "the gateway could not answer this call; its log has the details under"
                          + " error="
                          + id);
                });
    Response response = problem.at(uri.getPath()).toResponse();
    if (problem.status() == 503) {
      // The database usually comes back within seconds; tells clients and the CLI when to retry.
      return Response.fromResponse(response).header("Retry-After", "5").build();
    }
    return response;
  }
}
