package io.cutover.deploy;

/** A deploy step failed; the message is the release's reason, written for a person. */
final class DeployFailure extends RuntimeException {
  DeployFailure(String reason) {
    super(reason, null, false, false);
  }

  DeployFailure(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }
}
