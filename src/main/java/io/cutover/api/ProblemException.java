package io.cutover.api;

/**
 * Throw it anywhere under a REST resource to answer a problem: {@code throw new
 * ProblemException(409, "service web already has release 7 running: abort it or wait")}.
 */
public class ProblemException extends RuntimeException {
  private final Problem problem;

  public ProblemException(int status, String detail) {
    this(Problem.of(status, detail));
  }

  public ProblemException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
