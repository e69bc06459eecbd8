package io.cutover.config;

import java.util.List;

/** What reading one service file gave: a usable config, or the reasons it was refused. */
public sealed interface ParseResult {

  record Accepted(ServiceConfig config) implements ParseResult {}

  record Refused(String service, List<ConfigProblem> problems) implements ParseResult {
    public Refused {
      problems = List.copyOf(problems);
    }
  }
}
