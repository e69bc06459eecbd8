package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A service's traffic split as bars: {@code v1 ████████░░ 80% | v2 ██░░░░░░░░ 20%}. */
final class TrafficBar {
  private static final int CELLS = 10;

  private TrafficBar() {}

  /** From a service view's {@code traffic} list (version, role, percent). */
  static String of(JsonNode traffic) {
    List<String> parts = new ArrayList<>();
    for (JsonNode share : traffic) {
      parts.add(part(share.path("version").asText(), share.path("percent").asDouble()));
    }
    return parts.isEmpty() ? "no traffic" : String.join(" | ", parts);
  }

  /** The split after a canary weight: the old version gets the rest. */
  static String split(String oldVersion, String newVersion, int weight) {
    if (oldVersion == null || oldVersion.isEmpty() || weight >= 100) {
      return part(newVersion, 100);
    }
    return part(oldVersion, 100 - weight) + " | " + part(newVersion, weight);
  }

  static String part(String version, double percent) {
    int filled = (int) Math.round(percent / (100.0 / CELLS));
    return version
        + " "
        + "█".repeat(filled)
        + "░".repeat(CELLS - filled)
        + " "
        + String.format(Locale.ROOT, percent % 1 == 0 ? "%.0f%%" : "%.1f%%", percent);
  }
}
