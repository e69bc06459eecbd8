package io.cutover.config;

import java.util.List;

/**
 * A service file the catalog refused in its last reload.
 *
 * @param keptPrevious true when the service runs on with its previous good config
 */
public record RefusedFile(
    String file, String service, boolean keptPrevious, List<ConfigProblem> problems) {
  public RefusedFile {
    problems = List.copyOf(problems);
  }
}
