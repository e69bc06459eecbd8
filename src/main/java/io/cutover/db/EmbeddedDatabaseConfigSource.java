package io.cutover.db;

import io.quarkus.runtime.Application;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * The datasource URLs (and user, unless one is configured) of the embedded PostgreSQL, which starts
 * on the first lookup. Ordinal 275: above application.properties, below environment variables and
 * system properties.
 */
final class EmbeddedDatabaseConfigSource implements ConfigSource {
  private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseConfigSource.class);
  static final String USERNAME = "quarkus.datasource.username";

  /** One server a JVM, however often Quarkus builds its configuration. */
  private static EmbeddedDatabase running;

  private final EmbeddedDatabaseSettings settings;
  private final String configuredUser;
  private final Set<String> names;

  /** {@code configuredUser}: the datasource user set elsewhere, or null to use the server's own. */
  EmbeddedDatabaseConfigSource(EmbeddedDatabaseSettings settings, String configuredUser) {
    this.settings = settings;
    this.configuredUser =
        configuredUser == null || configuredUser.isBlank() ? null : configuredUser;
    this.names =
        this.configuredUser != null
            ? Set.of(
                EmbeddedDatabaseConfigSourceFactory.REACTIVE_URL,
                EmbeddedDatabaseConfigSourceFactory.JDBC_URL)
            : Set.of(
                EmbeddedDatabaseConfigSourceFactory.REACTIVE_URL,
                EmbeddedDatabaseConfigSourceFactory.JDBC_URL,
                USERNAME);
  }

  /** The embedded server this JVM started, if it started one. */
  static synchronized Optional<EmbeddedDatabase> running() {
    return Optional.ofNullable(running);
  }

  @Override
  public Set<String> getPropertyNames() {
    return names;
  }

  @Override
  public String getValue(String propertyName) {
    if (!names.contains(propertyName)) {
      return null;
    }
    EmbeddedDatabase database = startOnce(settings, configuredUser);
    return Map.of(
            EmbeddedDatabaseConfigSourceFactory.REACTIVE_URL,
            database.reactiveUrl(),
            EmbeddedDatabaseConfigSourceFactory.JDBC_URL,
            database.jdbcUrl(),
            USERNAME,
            EmbeddedDatabase.USER)
        .get(propertyName);
  }

  @Override
  public int getOrdinal() {
    return 275;
  }

  @Override
  public String getName() {
    return "EmbeddedPostgreSQL";
  }

  private static synchronized EmbeddedDatabase startOnce(
      EmbeddedDatabaseSettings settings, String configuredUser) {
    if (running != null) {
      return running;
    }
    try {
      running = EmbeddedDatabase.start(settings.dataDirectory(), settings.port());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(EmbeddedDatabaseConfigSource::stop, "embedded-postgres-stop"));
      if (configuredUser != null) {
        running.allowLogin(configuredUser);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "no datasource URL is configured and the embedded PostgreSQL did not start in "
              + settings.dataDirectory()
              + ": "
              + e.getMessage()
              + ". Set QUARKUS_DATASOURCE_REACTIVE_URL, QUARKUS_DATASOURCE_JDBC_URL,"
              + " QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD to use a PostgreSQL"
              + " of your own",
          e);
    }
    LOG.warnf(
        "no datasource URL configured: started an embedded PostgreSQL on localhost:%d with its data"
            + " in %s. Fine for trying Cutover; in production set QUARKUS_DATASOURCE_REACTIVE_URL,"
            + " QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and"
            + " QUARKUS_DATASOURCE_PASSWORD to a PostgreSQL of your own",
        running.port(), running.dataDirectory());
    return running;
  }

  /**
   * JVM shutdown hooks run side by side: wait (bounded) until Quarkus has stopped, so the gateway's
   * last writes land, then stop the server. A failed start counts as stopped, so no wait then.
   */
  private static void stop() {
    Application application = Application.currentApplication();
    if (application != null) {
      Thread waiter = new Thread(application::awaitShutdown, "embedded-postgres-wait");
      waiter.setDaemon(true);
      waiter.start();
      try {
        waiter.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    running()
        .ifPresent(
            database -> {
              try {
                database.close();
                LOG.infof("embedded PostgreSQL stopped data=%s", database.dataDirectory());
              } catch (IOException e) {
                LOG.warnf("embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
              }
            });
  }
}
