package io.cutover.db;

import io.cutover.config.DataDir;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The keys of the embedded PostgreSQL fallback. They are read while Quarkus is still building its
 * configuration (by {@link EmbeddedDatabaseConfigSourceFactory}), before any {@code @ConfigMapping}
 * exists, so this record is their one typed home, defaults included.
 *
 * @param enabled {@code cutover.database.embedded.enabled} (default true): start the embedded
 *     server when no datasource URL is configured; false makes a missing URL an error
 * @param dataDirectory {@code <cutover.data-dir>/postgres}; {@code cutover.data-dir} defaults to
 *     {@link DataDir#defaultPath()}
 * @param port {@code cutover.database.embedded.port} (default 0: any free port)
 * @param binariesDirectory {@code <cutover.data-dir>/postgres-binaries}: where the server's
 *     binaries are unpacked, a folder of the gateway's user (zonky's default is a temp folder
 *     anyone may write to, so anyone could put a program of theirs in place of the server)
 */
public record EmbeddedDatabaseSettings(
    boolean enabled, Path dataDirectory, int port, Path binariesDirectory) {
  public static final String ENABLED = "cutover.database.embedded.enabled";
  public static final String DATA_DIR = DataDir.KEY;
  public static final String PORT = "cutover.database.embedded.port";

  /** Reads the keys through {@code lookup}, which answers null for a key that is not set. */
  public static EmbeddedDatabaseSettings from(Function<String, String> lookup) {
    String enabled = lookup.apply(ENABLED);
    String dataDir = lookup.apply(DATA_DIR);
    String port = lookup.apply(PORT);
    Path base =
        dataDir == null || dataDir.isBlank() ? DataDir.defaultPath() : Path.of(dataDir.trim());
    try {
      return new EmbeddedDatabaseSettings(
          enabled == null || Boolean.parseBoolean(enabled.trim()),
          base.resolve("postgres"),
          port == null || port.isBlank() ? 0 : Integer.parseInt(port.trim()),
          base.resolve("postgres-binaries"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT + " must be a port number, got '" + port + "'", e);
    }
  }
}
