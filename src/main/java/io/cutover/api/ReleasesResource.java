package io.cutover.api;

import io.cutover.release.Page;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseQuery;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code GET /api/v1/releases} (history of every service) and one release by id. */
@Path("/api/v1/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleasesResource {
  private final ReleaseHistory history;

  ReleasesResource(ReleaseHistory history) {
    this.history = history;
  }

  static String location(Release release) {
    return "/api/v1/releases/" + release.getId();
  }

  /** 202 with the release and its Location: how every call that starts a release answers. */
  static Response accepted(Release release) {
    return Response.accepted(release).header(HttpHeaders.LOCATION, location(release)).build();
  }

  @GET
  @Operation(
      summary = "Release history of every service, newest first",
      description =
          "status may list several, comma-separated; since/until are ISO-8601; limit 1-500"
              + " (default 50); cursor is the previous page's nextCursor")
  @APIResponse(responseCode = "200", description = "One page: items and nextCursor")
  @APIResponse(responseCode = "422", description = "A filter is not valid; the detail names it")
  public Uni<Page<Release>> history(
      @RestQuery String status,
      @RestQuery String strategy,
      @RestQuery String version,
      @RestQuery String since,
      @RestQuery String until,
      @RestQuery String limit,
      @RestQuery String cursor,
      @RestQuery String trigger) {
    return history.history(
        ReleaseQuery.parse(null, status, strategy, version, since, until, limit, cursor)
            .withTrigger(trigger));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One release")
  @APIResponse(responseCode = "200", description = "The release")
  @APIResponse(responseCode = "400", description = "The id is not a number")
  @APIResponse(responseCode = "404", description = "No such release")
  public Uni<Release> release(@RestPath String id) {
    return history.find(ReleaseId.parse(id));
  }
}
