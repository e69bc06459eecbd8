package io.cutover.db;

import io.quarkus.runtime.Application;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * The datasource URLs (and user and password, unless configured) of the embedded PostgreSQL, which
 * starts on the first lookup. Ordinal 275: above application.properties, below environment
 * variables and system properties.
 */
final class EmbeddedDatabaseConfigSource implements ConfigSource {
  private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseConfigSource.class);
  static final String USERNAME = "quarkus.datasource.username";
  static final String PASSWORD = "quarkus.datasource.password";

  /** One server a JVM, however often Quarkus builds its configuration. */
  private static EmbeddedDatabase running;

  private final EmbeddedDatabaseSettings settings;
  private final String configuredUser;
  private final String configuredPassword;
  private final Set<String> names;

  /**
   * {@code configuredUser}, {@code configuredPassword}: the datasource user and password set
   * elsewhere, or null to use the server's own superuser and its generated password.
   */
  EmbeddedDatabaseConfigSource(
      EmbeddedDatabaseSettings settings, String configuredUser, String configuredPassword) {
    this.settings = settings;
    this.configuredUser = blankToNull(configuredUser);
    this.configuredPassword = blankToNull(configuredPassword);
    Set<String> supplied =
        new HashSet<>(
            Set.of(
                EmbeddedDatabaseConfigSourceFactory.REACTIVE_URL,
                EmbeddedDatabaseConfigSourceFactory.JDBC_URL));
    if (this.configuredUser == null) {
      supplied.add(USERNAME);
    }
    if (this.configuredPassword == null) {
      supplied.add(PASSWORD);
    }
    this.names = Set.copyOf(supplied);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
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
    EmbeddedDatabase database = startOnce(settings, configuredUser, configuredPassword);
    return Map.of(
            EmbeddedDatabaseConfigSourceFactory.REACTIVE_URL,
            database.reactiveUrl(),
            EmbeddedDatabaseConfigSourceFactory.JDBC_URL,
            database.jdbcUrl(),
            USERNAME,
            EmbeddedDatabase.USER,
            // The configured user's password when one is configured, else the generated one.
            PASSWORD,
            database.password())
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
      EmbeddedDatabaseSettings settings, String configuredUser, String configuredPassword) {
    if (running != null) {
      return running;
    }
    try {
      running =
          EmbeddedDatabase.start(
              settings.dataDirectory(), settings.port(), settings.binariesDirectory());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(EmbeddedDatabaseConfigSource::stop, "embedded-postgres-stop"));
      if (configuredUser != null) {
        running.allowLogin(
            configuredUser, configuredPassword != null ? configuredPassword : running.password());
      } else if (configuredPassword != null) {
        running.allowLogin(EmbeddedDatabase.USER, configuredPassword); // refused, saying why
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
        "no datasource URL configured: started an embedded PostgreSQL on 127.0.0.1:%d with its data"
            + " in %s (password in %s). Fine for trying Cutover; in production set"
            + " QUARKUS_DATASOURCE_REACTIVE_URL, QUARKUS_DATASOURCE_JDBC_URL,"
            + " QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD to a PostgreSQL of your"
            + " own",
        running.port(), running.dataDirectory(), running.passwordFile());
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
