package io.cutover.api;

import io.cutover.deploy.ReleaseExecutor;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** {@code POST /api/v1/services/{service}/deploys}: start a release. */
@Path("/api/v1/services/{service}/deploys")
public class DeployResource {
  private final ReleaseExecutor executor;
  private final JsonBody json;

  DeployResource(ReleaseExecutor executor, JsonBody json) {
    this.executor = executor;
    this.json = json;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DeployBody.class)))
  @Operation(summary = "Start a release of a service; it rolls out in the background")
  @APIResponse(
      responseCode = "202",
      description = "Recorded and started; Location is the release",
      content = @Content(schema = @Schema(implementation = Release.class)))
  @APIResponse(responseCode = "400", description = "The body is not the JSON described")
  @APIResponse(responseCode = "404", description = "No such service")
  @APIResponse(responseCode = "415", description = "Content-Type is not application/json")
  @APIResponse(responseCode = "409", description = "The service already has a running release")
  @APIResponse(responseCode = "422", description = "A value is not valid; the detail says which")
  @APIResponse(responseCode = "503", description = "The release database is unavailable")
  public Uni<Response> deploy(@RestPath String service, String text) {
    DeployBody body = json.read(text, DeployBody.class);
    if (body == null) {
      throw new ProblemException(
          400,
          "the body is empty: send JSON such as {\"version\": \"v2\", \"strategy\": \"canary\"}");
    }
    return executor.deploy(body.toRequest(service)).map(ReleasesResource::accepted);
  }
}
