package io.cutover.startup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the start-up retries the database when it is down: doubling waits between the two. */
@ConfigMapping(prefix = "cutover.database.retry")
public interface RetryConfig {
  /** The first wait after a failed try to migrate and restore. */
  @WithDefault("500ms")
  Duration min();

  /** The longest wait between two tries. */
  @WithDefault("10s")
  Duration max();
}
