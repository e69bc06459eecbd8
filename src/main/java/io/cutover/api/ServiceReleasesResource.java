package io.cutover.api;

import io.cutover.release.Page;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseQuery;
import io.cutover.service.LiveServices;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** {@code GET /api/v1/services/{service}/releases}: the release history of one service. */
@Path("/api/v1/services/{service}/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceReleasesResource {
  private final ReleaseHistory history;
  private final LiveServices services;

  ServiceReleasesResource(ReleaseHistory history, LiveServices services) {
    this.history = history;
    this.services = services;
  }

  @GET
  @Operation(
      summary = "Release history of one service, newest first",
      description = "Same filters as GET /api/v1/releases. A removed service keeps its history.")
  @APIResponse(responseCode = "200", description = "One page: items and nextCursor")
  @APIResponse(responseCode = "404", description = "No such service, and none in the history")
  @APIResponse(responseCode = "422", description = "A filter is not valid; the detail names it")
  public Uni<Page<Release>> history(
      @RestPath String service,
      @RestQuery String status,
      @RestQuery String strategy,
      @RestQuery String version,
      @RestQuery String since,
      @RestQuery String until,
      @RestQuery String limit,
      @RestQuery String cursor,
      @RestQuery String trigger) {
    ReleaseQuery query =
        ReleaseQuery.parse(service, status, strategy, version, since, until, limit, cursor)
            .withTrigger(trigger);
    if (services.service(service).isPresent()) {
      return history.history(query);
    }
    // A service whose file was removed still has a history worth reading.
    return history
        .history(ReleaseQuery.newest().withService(service).withLimit(1))
        .chain(
            any -> {
              if (any.items().isEmpty()) {
                throw new ProblemException(
                    404,
                    "no service named "
                        + service
                        + " and no release of it in the history: list services with GET"
                        + " /api/v1/services");
              }
              return history.history(query);
            });
  }
}
