package io.cutover.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server (zonky's binaries) run by this JVM, with its data kept in one directory
 * across restarts. It listens on 127.0.0.1 only and takes password logins only (see {@link
 * EmbeddedAccess}). The quick start uses it when no datasource URL is given; production should use
 * a PostgreSQL of its own.
 */
public final class EmbeddedDatabase implements Closeable {
  /** The database the gateway uses inside the server. */
  public static final String DATABASE = "cutover";

  /** initdb's superuser, who logs in with {@link #password()}. */
  public static final String USER = "postgres";

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres server;
  private final Path dataDirectory;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory, String password) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.password = password;
  }

  /** Whether this gateway started the embedded server because no datasource URL was given. */
  public static boolean runsInThisGateway() {
    return EmbeddedDatabaseConfigSource.running().isPresent();
  }

  /** {@link #start(Path, int, Path)} with zonky's binaries where zonky puts them by default. */
  public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
    return start(dataDirectory, port, null);
  }

  /**
   * Starts the server on {@code dataDirectory}, creating it (initdb) when empty and the {@value
   * #DATABASE} database when missing. {@code port} 0 takes a free port. {@code binariesHome} is
   * where zonky unpacks the server (null: its default under the temp folder); zonky does that once
   * a JVM, so only the first start's choice counts.
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port, Path binariesHome)
      throws IOException {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    Files.createDirectories(directory);
    stopLeftoverServer(directory);
    EmbeddedAccess access = EmbeddedAccess.of(directory, binariesHome);
    // The server log sits beside the data directory: initdb wants that directory empty.
    Path log = directory.resolveSibling(directory.getFileName() + ".log");
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false) // the caller decides when: after the app's last write
            .setPGStartupWait(STARTUP_WAIT)
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (port > 0) {
      builder.setPort(port);
    }
    if (binariesHome != null) {
      Files.createDirectories(binariesHome);
      builder.setOverrideWorkingDirectory(binariesHome.toFile());
    }
    access.configure(builder);
    EmbeddedPostgres server;
    try {
      server = builder.start();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      access.cleanUp();
    }
    if (binariesHome != null) {
      // zonky makes its folder writable by everyone (its default is shared under /tmp): ours is
      // not.
      Files.setPosixFilePermissions(binariesHome, PosixFilePermissions.fromString("rwx------"));
    }
    try {
      createDatabase(server);
    } catch (SQLException e) {
      server.close();
      throw new IOException("could not create database " + DATABASE + ": " + e.getMessage(), e);
    }
    return new EmbeddedDatabase(server, directory, access.password());
  }

  /**
   * Lets {@code role} log in as a superuser with {@code password}: a user name configured without a
   * URL (say {@code QUARKUS_DATASOURCE_USERNAME} left over from another setup) then works here too.
   * An existing role gets the password, so the two never disagree.
   */
  public void allowLogin(String role, String password) throws IOException {
    if (role.equals(USER)) {
      throw new IOException(
          "the embedded database's own superuser "
              + USER
              + " logs in with the generated password in "
              + EmbeddedPassword.file(dataDirectory)
              + ": unset QUARKUS_DATASOURCE_PASSWORD, or use another user name");
    }
    String name = "\"" + role.replace("\"", "\"\"") + "\"";
    String secret = "'" + password.replace("'", "''") + "'";
    try (Connection connection = server.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      exists.setString(1, role);
      boolean found;
      try (ResultSet rows = exists.executeQuery()) {
        found = rows.next();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            (found ? "ALTER ROLE " : "CREATE ROLE ")
                + name
                + " WITH LOGIN SUPERUSER PASSWORD "
                + secret);
      }
      if (!found) {
        LOG.infof("embedded database role created role=%s", role);
      }
    } catch (SQLException e) {
      throw new IOException("could not let role " + role + " log in: " + e.getMessage(), e);
    }
  }

  /** The superuser's password, generated once and kept in the data directory (mode 600). */
  public String password() {
    return password;
  }

  /** The file that keeps {@link #password()}. */
  public Path passwordFile() {
    return EmbeddedPassword.file(dataDirectory);
  }

  public int port() {
    return server.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** The Vert.x reactive client's form of the same address. */
  public String reactiveUrl() {
    return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** Stops the server (fast shutdown); the data stays. Safe to call twice. */
  @Override
  public void close() throws IOException {
    server.close();
  }

  private static void createDatabase(EmbeddedPostgres server) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rows.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + DATABASE);
      LOG.infof("embedded database created name=%s", DATABASE);
    }
  }

  /**
   * A server left running by a JVM that died (kill -9) still holds the data directory, and zonky
   * would wait in vain for a new one: stop it first (SIGINT is PostgreSQL's fast shutdown).
   */
  private static void stopLeftoverServer(Path directory) throws IOException {
    Optional<ProcessHandle> leftover = leftoverServer(directory.resolve("postmaster.pid"));
    if (leftover.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = leftover.get();
    LOG.warnf(
        "embedded PostgreSQL left running by an earlier gateway; stopping it pid=%d",
        postmaster.pid());
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
      postmaster.onExit().get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the leftover PostgreSQL", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "the PostgreSQL left running on "
              + directory
              + " (pid "
              + postmaster.pid()
              + ") did not stop; stop it and start again",
          e);
    }
  }

  private static Optional<ProcessHandle> leftoverServer(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).trim());
      // The pid may belong to another program by now: only a live postgres counts.
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "embedded PostgreSQL on 127.0.0.1:" + port() + " with data in " + dataDirectory;
  }
}
