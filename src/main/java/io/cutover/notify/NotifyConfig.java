package io.cutover.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How webhooks are delivered, gateway-wide ({@code cutover.notify.*}). */
@ConfigMapping(prefix = "cutover.notify")
public interface NotifyConfig {
  /** Tries per delivery, the first included. */
  @WithDefault("5")
  int attempts();

  /** The wait before the second try; it doubles before each one after. */
  @WithDefault("1s")
  Duration backoff();

  /** A receiver that has not answered by then: that try failed (and is retried). */
  @WithDefault("10s")
  Duration timeout();

  /**
   * Deliveries sent or waiting for a retry at once, all services together; one more is dropped (and
   * recorded as dropped), so a dead receiver cannot grow the gateway's memory.
   */
  @WithDefault("1000")
  int queueSize();
}
