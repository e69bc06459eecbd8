package io.cutover.cli;

/** A 4xx answer: the gateway refused, and its problem's {@code detail} says what to change. */
final class ProblemAnswer extends RuntimeException {
  private final int status;

  ProblemAnswer(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  CliFailure failure() {
    return new CliFailure(CliFailure.REFUSED, getMessage());
  }
}
