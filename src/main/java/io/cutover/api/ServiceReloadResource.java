package io.cutover.api;

import io.cutover.config.ServiceCatalog;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/v1/services/reload}: re-read the service files now. */
@Path("/api/v1/services/reload")
public class ServiceReloadResource {
  private final ServiceCatalog catalog;

  ServiceReloadResource(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  /** Runs on a worker thread: it reads files. Refused files are listed, not an error. */
  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public ReloadReport reload() {
    return ReloadReport.of(catalog.reload());
  }
}
