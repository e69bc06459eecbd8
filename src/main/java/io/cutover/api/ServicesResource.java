package io.cutover.api;

import io.cutover.config.ConfigProblem;
import io.cutover.config.RefusedFile;
import io.cutover.config.ServiceCatalog;
import io.cutover.deploy.ReleaseExecutor;
import io.cutover.release.Page;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.service.TrafficRates;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code GET /api/v1/services} and {@code GET /api/v1/services/{service}}: what runs now, from
 * memory (no database), so it answers even when the release database is down.
 */
@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {
  private final LiveServices services;
  private final ServiceCatalog catalog;
  private final ReleaseExecutor executor;
  private final ConfigJson configJson;
  private final TrafficRates rates;

  ServicesResource(
      LiveServices services,
      ServiceCatalog catalog,
      ReleaseExecutor executor,
      ConfigJson configJson,
      TrafficRates rates) {
    this.services = services;
    this.catalog = catalog;
    this.executor = executor;
    this.configJson = configJson;
    this.rates = rates;
  }

  @GET
  @Operation(summary = "Every service: config, live release, instances with health, traffic")
  @APIResponse(responseCode = "200", description = "items by name; nextCursor is null")
  public Page<ServiceView> all() {
    List<ServiceView> views =
        services.all().values().stream()
            .sorted(Comparator.comparing(LiveService::name))
            .map(this::view)
            .toList();
    return new Page<>(views, null);
  }

  @GET
  @Path("{service}")
  @Operation(summary = "One service")
  @APIResponse(responseCode = "200", description = "The service")
  @APIResponse(responseCode = "404", description = "No such service")
  public ServiceView one(@RestPath String service) {
    return services
        .service(service)
        .map(this::view)
        .orElseThrow(
            () ->
                new ProblemException(
                    404,
                    "no service named "
                        + service
                        + ": add services/"
                        + service
                        + ".yaml and reload, or list them with GET /api/v1/services"));
  }

  private ServiceView view(LiveService service) {
    return ServiceView.of(
        service,
        configJson.of(service.config()),
        executor.runningRelease(service.name()).orElse(null),
        refusals(service.name()),
        rates);
  }

  private List<String> refusals(String service) {
    return catalog.state().refused().values().stream()
        .filter(file -> service.equals(file.service()))
        .map(RefusedFile::problems)
        .flatMap(List::stream)
        .map(ConfigProblem::message)
        .toList();
  }
}
