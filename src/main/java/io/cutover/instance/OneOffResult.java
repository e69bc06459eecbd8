package io.cutover.instance;

import java.time.Duration;

/**
 * How a {@link OneOffRun} ended.
 *
 * @param exitCode the command's exit code; -1 when it timed out
 * @param timedOut killed at its timeout
 * @param output its last output lines, stdout and stderr together
 */
public record OneOffResult(int exitCode, boolean timedOut, Duration took, String output) {
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
