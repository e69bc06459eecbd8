package io.cutover.cli;

/** Something the user can change, said in one line, and the exit code SPEC gives it. */
final class CliFailure extends RuntimeException {
  static final int RELEASE_FAILED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;
  static final int REFUSED = 4;

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
