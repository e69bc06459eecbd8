package io.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Shared service files and parse shortcuts for the parser tests. */
final class ServiceFiles {
  static final String FILE = "services/web.yaml";

  /** The smallest file that is accepted. */
  static final String MINIMAL =
      """
      routes:
        hosts: ["web.localhost"]
      driver:
        command: ["java", "-jar", "app-${VERSION}.jar"]
      """;

  private ServiceFiles() {}

  static ServiceConfig accepted(String yaml) {
    ParseResult result = new ServiceConfigParser().parse(FILE, yaml);
    if (result instanceof ParseResult.Refused refused) {
      fail("expected the file to be accepted, got " + refused.problems());
    }
    return ((ParseResult.Accepted) result).config();
  }

  static List<ConfigProblem> problems(String file, String yaml) {
    ParseResult result = new ServiceConfigParser().parse(file, yaml);
    return assertInstanceOf(ParseResult.Refused.class, result, "expected a refusal").problems();
  }

  /** The single problem a file has. */
  static ConfigProblem onlyProblem(String yaml) {
    List<ConfigProblem> problems = problems(FILE, yaml);
    assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
    return problems.get(0);
  }

  /** MINIMAL with one more top-level block. */
  static String minimalWith(String extra) {
    return MINIMAL + extra.stripIndent();
  }
}
