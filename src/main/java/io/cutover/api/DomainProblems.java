package io.cutover.api;

import io.cutover.db.DatabaseUnavailableException;
import io.cutover.deploy.DeployRefusedException;
import io.cutover.release.IllegalTransitionException;
import io.cutover.release.InvalidHistoryQueryException;
import io.cutover.release.ReleaseConflictException;
import io.cutover.release.ReleaseNotFoundException;
import java.util.Optional;

/** The one place where the control plane's named failures become HTTP statuses. */
final class DomainProblems {
  private DomainProblems() {}

  /** The problem a failure (or the first known failure in its cause chain) answers, if any. */
  static Optional<Problem> of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Problem problem = direct(t);
      if (problem != null) {
        return Optional.of(problem);
      }
    }
    return Optional.empty();
  }

  private static Problem direct(Throwable t) {
    if (t instanceof ProblemException e) {
      return e.problem();
    }
    if (t instanceof DeployRefusedException e) {
      return Problem.of(e.status(), e.getMessage());
    }
    if (t instanceof ReleaseConflictException || t instanceof IllegalTransitionException) {
      return Problem.of(409, t.getMessage());
    }
    if (t instanceof ReleaseNotFoundException) {
      return Problem.of(404, t.getMessage() + ": list releases with GET /api/v1/releases");
    }
    if (t instanceof InvalidHistoryQueryException) {
      return Problem.of(422, t.getMessage());
    }
    if (t instanceof DatabaseUnavailableException) {
      return Problem.of(503, t.getMessage());
    }
    return null;
  }
}
