package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    description =
        "Every service (or one): live version, running release and its step, traffic,"
            + " instances, requests/s and error rate per version (the last 10 s).")
final class StatusCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE")
  String service;

  @Override
  public Integer call() {
    AdminClient client = connection.client();
    List<JsonNode> services = new ArrayList<>();
    if (service == null) {
      client.get("/api/v1/services").path("items").forEach(services::add);
    } else {
      try {
        services.add(client.get("/api/v1/services/" + service));
      } catch (ProblemAnswer answer) {
        throw ServiceNames.unknown(client, service, answer);
      }
    }
    if (connection.json) {
      Output.json(service == null ? client.get("/api/v1/services") : services.get(0));
      return 0;
    }
    Table table =
        new Table("SERVICE", "LIVE", "RUNNING", "TRAFFIC", "HEALTHY", "REQ/S", "ERROR RATE");
    for (JsonNode view : services) {
      table.row(
          view.path("name").asText(),
          view.path("liveVersion").asText("-"),
          running(client, view),
          TrafficBar.of(view.path("traffic")),
          healthy(view),
          perVersion(view, false),
          perVersion(view, true));
    }
    table.print(Output.out());
    return 0;
  }

  /** The running release and the step it is at (its last event), or {@code -}. */
  private static String running(AdminClient client, JsonNode view) {
    JsonNode id = view.path("runningReleaseId");
    if (id.isMissingNode() || id.isNull()) {
      return "-";
    }
    JsonNode events = client.get("/api/v1/releases/" + id.asText() + "/events").path("items");
    String step =
        events.size() == 0 ? "pending" : events.get(events.size() - 1).path("type").asText();
    return "#" + id.asText() + " " + step;
  }

  private static String healthy(JsonNode view) {
    int healthy = 0;
    int total = 0;
    for (JsonNode pool : view.path("pools")) {
      for (JsonNode instance : pool.path("instances")) {
        total++;
        healthy += instance.path("state").asText().equals("healthy") ? 1 : 0;
      }
    }
    return healthy + "/" + total;
  }

  /** Requests per second or error rate per version, over the gateway's last 10 seconds. */
  private static String perVersion(JsonNode view, boolean errorRate) {
    List<String> parts = new ArrayList<>();
    for (JsonNode pool : view.path("pools")) {
      String version = pool.path("version").asText();
      parts.add(
          errorRate
              ? String.format(
                  Locale.ROOT, "%s %.2f%%", version, pool.path("errorRate").asDouble() * 100)
              : String.format(
                  Locale.ROOT, "%s %.1f", version, pool.path("requestsPerSecond").asDouble()));
    }
    return parts.isEmpty() ? "-" : String.join(" ", parts);
  }
}
