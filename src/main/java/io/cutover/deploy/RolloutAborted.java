package io.cutover.deploy;

/** Someone aborted the release: everything goes back to the version that was live. */
final class RolloutAborted extends RuntimeException {
  RolloutAborted(String reason) {
    super(reason, null, false, false);
  }
}
