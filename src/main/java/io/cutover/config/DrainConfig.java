package io.cutover.config;

import java.time.Duration;

/**
 * @param timeout how long in-flight requests and open WebSockets get after the switch
 * @param stopTimeout SIGTERM, then SIGKILL after this
 */
public record DrainConfig(Duration timeout, Duration stopTimeout) {
  public static DrainConfig defaults() {
    return new DrainConfig(Duration.ofSeconds(30), Duration.ofSeconds(10));
  }
}
