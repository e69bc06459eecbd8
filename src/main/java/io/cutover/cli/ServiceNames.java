package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.config.ClosestKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a 404 for a service into one line naming the closest service the gateway knows. A 404 for
 * something else under a known service (an instance, a release) keeps the gateway's own detail.
 */
final class ServiceNames {
  private ServiceNames() {}

  static CliFailure unknown(AdminClient client, String service, ProblemAnswer answer) {
    if (answer.status() != 404) {
      return answer.failure();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode item : client.get("/api/v1/services").path("items")) {
      names.add(item.path("name").asText());
    }
    if (names.contains(service)) {
      return answer.failure();
    }
    String closest = ClosestKey.to(service, names).orElse(null);
    String hint =
        names.isEmpty()
            ? "the gateway has no service yet: add services/" + service + ".yaml"
            : closest != null
                ? "did you mean " + closest + "? (known: " + String.join(", ", names) + ")"
                : "known services: " + String.join(", ", names);
    return new CliFailure(
        CliFailure.REFUSED,
        "no service named " + service + " at " + client.gateway() + ": " + hint);
  }
}
