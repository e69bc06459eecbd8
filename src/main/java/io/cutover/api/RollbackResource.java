package io.cutover.api;

import io.cutover.deploy.Rollbacks;
import io.cutover.release.Release;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** {@code POST /api/v1/services/{service}/rollback}: a new release back to an earlier one. */
@Path("/api/v1/services/{service}/rollback")
public class RollbackResource {
  private final Rollbacks rollbacks;
  private final JsonBody json;

  RollbackResource(Rollbacks rollbacks, JsonBody json) {
    this.rollbacks = rollbacks;
    this.json = json;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Roll back to a release (id or version; default: the last live before the current)")
  @APIResponse(
      responseCode = "202",
      description = "A release with trigger rollback was started; Location is the release",
      content = @Content(schema = @Schema(implementation = Release.class)))
  @APIResponse(responseCode = "404", description = "No such service, or no such release of it")
  @APIResponse(responseCode = "409", description = "The target is live already")
  @APIResponse(
      responseCode = "415",
      description = "A body or an Origin header without Content-Type: application/json")
  @APIResponse(responseCode = "422", description = "The target never went live, or none exists")
  @APIResponse(responseCode = "503", description = "The release database is unavailable")
  public Uni<Response> rollback(@RestPath String service, String text) {
    RollbackBody body = json.read(text, RollbackBody.class);
    return rollbacks
        .rollback(service, body == null ? null : body.to())
        .map(ReleasesResource::accepted);
  }
}
