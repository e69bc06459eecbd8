package io.cutover.support;

import io.cutover.db.EmbeddedDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The release database on a PostgreSQL server of the test's own (the embedded one), which a test
 * may {@link #stopDatabase() stop} and {@link #startDatabase() start} again: the shared server must
 * stay up for everybody else. One server a JVM, on one port and data directory, removed at exit.
 */
public class OwnDatabaseProfile implements QuarkusTestProfile {
  private static EmbeddedDatabase database;
  private static Path directory;
  private static int port;

  @Override
  public Map<String, String> getConfigOverrides() {
    EmbeddedDatabase running = startDatabase();
    return Map.of(
        "quarkus.datasource.reactive.url",
        running.reactiveUrl(),
        "quarkus.datasource.jdbc.url",
        running.jdbcUrl(),
        "quarkus.datasource.username",
        EmbeddedDatabase.USER,
        "quarkus.datasource.password",
        running.password());
  }

  /** Starts the server (the first time on a new directory and a free port); no-op if running. */
  public static synchronized EmbeddedDatabase startDatabase() {
    if (database != null) {
      return database;
    }
    try {
      if (directory == null) {
        directory = Files.createTempDirectory("cutover-test-pg");
        port = freePort();
        Runtime.getRuntime().addShutdownHook(new Thread(OwnDatabaseProfile::remove));
      }
      database = EmbeddedDatabase.start(directory.resolve("data"), port);
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server (fast shutdown: open sessions are cut); its data stays. */
  public static synchronized void stopDatabase() {
    if (database == null) {
      return;
    }
    try {
      database.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      database = null;
    }
  }

  private static synchronized void remove() {
    stopDatabase();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not remove " + directory + ": " + e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
