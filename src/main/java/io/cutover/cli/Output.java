package io.cutover.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** Where a command prints: JSON as the API gave it, and whether stdout is a terminal. */
final class Output {
  private Output() {}

  static PrintStream out() {
    return System.out;
  }

  /** A terminal gets redraws; a pipe or file gets plain lines, never an escape code. */
  static boolean terminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  /**
   * The terminal's width: bin/cutover passes it as {@code CUTOVER_COLUMNS} (the JDK cannot ask the
   * terminal), else {@code COLUMNS}, else 80.
   */
  static int columns() {
    for (String name : new String[] {"CUTOVER_COLUMNS", "COLUMNS"}) {
      String value = System.getenv(name);
      if (value != null && value.trim().matches("[0-9]{1,4}")) {
        return Math.max(20, Integer.parseInt(value.trim()));
      }
    }
    return 80;
  }

  static void json(JsonNode node) {
    try {
      System.out.println(
          AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
