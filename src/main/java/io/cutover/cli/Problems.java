package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads an {@code application/problem+json} answer's {@code detail}. */
final class Problems {
  private Problems() {}

  static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "no detail";
    }
    try {
      JsonNode problem = AdminClient.JSON.readTree(body);
      JsonNode detail = problem.path("detail");
      if (detail.isTextual()) {
        return detail.asText();
      }
      return problem.path("title").asText(body.strip());
    } catch (IOException e) {
      return body.strip();
    }
  }
}
