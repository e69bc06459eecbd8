package io.cutover.instance;

import io.cutover.config.ServiceConfig;
import java.time.Duration;
import java.util.List;

/**
 * A command run once with a version, as its instances would run (SPEC "Release command"): the same
 * environment, the same driver, no port and no traffic.
 */
public record OneOffRun(
    String service,
    String version,
    long releaseId,
    ServiceConfig config,
    List<String> command,
    Duration timeout) {
  public OneOffRun {
    command = List.copyOf(command);
  }
}
