package io.cutover.deploytests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.db.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A PostgreSQL server of a test's own (the embedded one) that the test may stop and start again on
 * the same data and port: stopping the machine's shared cluster would break everybody else's runs.
 */
final class OwnPostgres implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final int port;
  private EmbeddedDatabase database;

  private OwnPostgres(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  /** A new server on a new directory and a free port, started. */
  static OwnPostgres start() throws IOException {
    OwnPostgres own =
        new OwnPostgres(
            Files.createTempDirectory("cutover-it-pg").resolve("data"), Gateway.freePort());
    own.restart();
    return own;
  }

  /** The running server; the password stays the same across restarts. */
  EmbeddedDatabase database() {
    return database;
  }

  /** A gateway pointed at this server. */
  Gateway connect(Gateway gateway) {
    return gateway.database(
        database.reactiveUrl(), database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
  }

  /** Fast shutdown: sessions are cut, the server process exits, the data stays. */
  void stop() throws IOException {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  /** Starts the server again on its data and port; no-op if it runs. */
  void restart() throws IOException {
    if (database == null) {
      database = EmbeddedDatabase.start(directory, port);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } finally {
      try (Stream<Path> paths = Files.walk(directory.getParent())) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /** The data of the gateway's {@code database} check in {@code /q/health/ready}. */
  static JsonNode healthData(Gateway gateway) throws IOException, InterruptedException {
    JsonNode ready = JSON.readTree(gateway.get("/q/health/ready").body());
    return StreamSupport.stream(ready.path("checks").spliterator(), false)
        .filter(check -> check.path("name").asText().equals("database"))
        .map(check -> check.path("data"))
        .findFirst()
        .orElse(JSON.createObjectNode());
  }
}
