package io.cutover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The gateway's own settings ({@code cutover.*}); the traffic port's are in ProxyConfig. */
@ConfigMapping(prefix = "cutover")
public interface CutoverConfig {

  /** Folder of the service files, one {@code <name>.yaml} per service. */
  @WithDefault("services")
  Path servicesDir();

  /** How often the services folder is checked for changed files; a change settles over two. */
  @WithDefault("500ms")
  Duration servicesScanInterval();

  /** Where the gateway keeps its own files, such as the generated admin token. */
  @WithDefault(DataDir.DEFAULT_EXPRESSION)
  Path dataDir();

  /** The admin API ({@code /api/**}). */
  Admin admin();

  interface Admin {
    /** Bearer token for {@code /api/**}; unset: a random one is made at start, see data-dir. */
    Optional<String> token();

    /**
     * A dashboard session ({@code POST /api/v1/session}) unused for this long expires; one lives at
     * most 12 hours whatever its use.
     */
    @WithDefault("30m")
    Duration sessionTimeout();
  }
}
