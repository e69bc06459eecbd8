package io.cutover.api;

import io.cutover.config.DataDir;
import io.cutover.service.LiveServices;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /api/v1/services/{service}/logs}: the instance log files the process driver writes
 * ({@code <data-dir>/logs/<service>/<id>.log}), as plain lines, each prefixed with its instance.
 */
@Path("/api/v1/services/{service}/logs")
public class ServiceLogsResource {
  private static final Duration FOLLOW_POLL = Duration.ofMillis(250);

  private final LiveServices services;
  private final java.nio.file.Path logRoot;

  ServiceLogsResource(
      LiveServices services,
      @ConfigProperty(name = DataDir.KEY, defaultValue = DataDir.DEFAULT) String dataDir) {
    this.services = services;
    this.logRoot = DataDir.expand(dataDir).toAbsolutePath().resolve("logs");
  }

  // Reading files blocks: a worker thread, never the event loops the admin port shares with the
  // proxy's verticles.
  @GET
  @Blocking
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(
      summary =
          "Instance logs: the last `tail` lines (default 100, at most 10000) of one instance or of"
              + " every running one; `follow=true` keeps sending new lines")
  @APIResponse(responseCode = "200", description = "lines, `<instance> | <line>`")
  @APIResponse(responseCode = "404", description = "No such service or instance log")
  @APIResponse(responseCode = "422", description = "tail out of range")
  public Multi<String> logs(
      @RestPath String service,
      @RestQuery String instance,
      @RestQuery Integer tail,
      @RestQuery boolean follow) {
    int lines = tail == null ? 100 : tail;
    if (lines < 0 || lines > 10_000) {
      throw new ProblemException(422, "tail " + lines + " is out of range: use 0 to 10000 lines");
    }
    InstanceLogs logs = InstanceLogs.of(logRoot, services, service, instance);
    Multi<String> past = Multi.createFrom().iterable(logs.tail(lines));
    if (!follow) {
      return past;
    }
    Multi<String> next =
        Multi.createFrom()
            .ticks()
            .every(FOLLOW_POLL)
            .emitOn(Infrastructure.getDefaultWorkerPool())
            .onItem()
            .transformToIterable(tick -> logs.appended());
    return Multi.createBy().concatenating().streams(past, next);
  }
}
