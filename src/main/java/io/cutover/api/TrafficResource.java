package io.cutover.api;

import io.cutover.service.LiveServices;
import io.cutover.service.TrafficSeries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code GET /api/v1/services/{service}/traffic}: the last five minutes of each running version,
 * one point a second, for the dashboard's charts; from memory, like the services call.
 */
@Path("/api/v1/services/{service}/traffic")
@Produces(MediaType.APPLICATION_JSON)
public class TrafficResource {
  private final LiveServices services;
  private final TrafficSeries series;

  TrafficResource(LiveServices services, TrafficSeries series) {
    this.services = services;
    this.series = series;
  }

  /**
   * @param versions one entry per running version, by name: {@code at} (epoch milliseconds), {@code
   *     requestsPerSecond}, {@code errorRate} (0 to 1) and {@code p99Millis}, oldest first
   */
  public record TrafficView(String service, int points, List<TrafficSeries.Columns> versions) {}

  @GET
  @Operation(
      summary = "Per-version request rate, error rate and p99, one point a second, last 5 minutes")
  @APIResponse(responseCode = "200", description = "versions with their points, oldest first")
  @APIResponse(responseCode = "404", description = "No such service")
  public TrafficView traffic(@RestPath String service) {
    if (services.service(service).isEmpty()) {
      throw new ProblemException(
          404, "no service named " + service + ": list them with GET /api/v1/services");
    }
    return new TrafficView(service, TrafficSeries.POINTS, series.of(service).orElse(List.of()));
  }
}
