package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** One release event as one plain line: time since the release started, type, message. */
final class ReleaseEvents {
  private ReleaseEvents() {}

  static String line(JsonNode event, Instant start) {
    String at = event.path("at").asText("");
    String offset = "";
    if (!at.isEmpty() && start != null) {
      long millis = Duration.between(start, Instant.parse(at)).toMillis();
      offset = String.format(Locale.ROOT, "+%5.1fs ", millis / 1000.0);
    }
    String type = event.path("type").asText();
    String message = event.path("message").asText();
    return offset + String.format(Locale.ROOT, "%-22s ", type) + message + figures(event, message);
  }

  /** Analysis figures the message does not already carry. */
  private static String figures(JsonNode event, String message) {
    JsonNode data = event.path("data");
    JsonNode candidate = data.path("candidate");
    if (candidate.isMissingNode() || message.contains("p99")) {
      return "";
    }
    return " (canary " + side(candidate) + "; stable " + side(data.path("stable")) + ")";
  }

  private static String side(JsonNode side) {
    return String.format(
        Locale.ROOT,
        "%d requests, error rate %.2f%%, p99 %.1f ms",
        side.path("requests").asLong(),
        side.path("errorRate").asDouble() * 100,
        side.path("p99Micros").asLong() / 1000.0);
  }

  static Instant at(JsonNode event) {
    String at = event.path("at").asText("");
    return at.isEmpty() ? null : Instant.parse(at);
  }
}
