package io.cutover.api;

import io.cutover.config.CatalogChange;
import io.cutover.config.ConfigProblem;
import io.cutover.config.RefusedFile;
import java.util.List;

/**
 * The answer of {@code POST /api/v1/services/reload}: the services in force, what this reload
 * changed, and each refused file with its problems.
 */
public record ReloadReport(
    List<String> services,
    List<String> added,
    List<String> changed,
    List<String> removed,
    List<Refusal> refused) {

  /**
   * @param keptPrevious the service runs on with its previous good config
   */
  public record Refusal(
      String file, String service, boolean keptPrevious, List<ProblemEntry> problems) {}

  /**
   * @param message the whole sentence, e.g. {@code services/web.yaml: instances: 0: must be ...}
   */
  public record ProblemEntry(String keyPath, String value, String reason, String message) {}

  public static ReloadReport of(CatalogChange change) {
    return new ReloadReport(
        List.copyOf(change.state().services().keySet()),
        change.added(),
        change.changed(),
        change.removed(),
        change.state().refused().values().stream().map(ReloadReport::refusal).toList());
  }

  private static Refusal refusal(RefusedFile file) {
    return new Refusal(
        file.file(),
        file.service(),
        file.keptPrevious(),
        file.problems().stream().map(ReloadReport::entry).toList());
  }

  private static ProblemEntry entry(ConfigProblem problem) {
    return new ProblemEntry(
        problem.keyPath(), problem.value(), problem.reason(), problem.message());
  }
}
