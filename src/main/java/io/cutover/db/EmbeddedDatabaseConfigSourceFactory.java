package io.cutover.db;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource of an embedded PostgreSQL when the packaged gateway runs without one
 * (registered in META-INF/services). Quarkus discovers it for the runtime configuration only (it is
 * not {@code @StaticInitSafe}); the checks below also keep it out of the build, dev mode and tests,
 * where Dev Services or the environment's URL apply. Any configured URL wins.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {
  static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
  static final String JDBC_URL = "quarkus.datasource.jdbc.url";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    boolean urlGiven = isSet(context, REACTIVE_URL) || isSet(context, JDBC_URL);
    EmbeddedDatabaseSettings settings =
        EmbeddedDatabaseSettings.from(
            name -> {
              ConfigValue value = context.getValue(name);
              return value == null ? null : value.getValue();
            });
    if (!wanted(LaunchMode.current(), ExecutionMode.current(), urlGiven, settings.enabled())) {
      return List.of();
    }
    ConfigValue user = context.getValue(EmbeddedDatabaseConfigSource.USERNAME);
    ConfigValue password = context.getValue(EmbeddedDatabaseConfigSource.PASSWORD);
    return List.of(
        new EmbeddedDatabaseConfigSource(
            settings,
            user == null ? null : user.getValue(),
            password == null ? null : password.getValue()));
  }

  /** Only a packaged (or quarkus:run) gateway at runtime, without a URL, and not switched off. */
  static boolean wanted(
      LaunchMode launchMode, ExecutionMode phase, boolean urlGiven, boolean enabled) {
    boolean production = launchMode == LaunchMode.NORMAL || launchMode == LaunchMode.RUN;
    boolean runtime = phase == ExecutionMode.RUNTIME_INIT || phase == ExecutionMode.RUNNING;
    return production && runtime && !urlGiven && enabled;
  }

  private static boolean isSet(ConfigSourceContext context, String name) {
    ConfigValue value = context.getValue(name);
    return value != null && value.getValue() != null && !value.getValue().isBlank();
  }
}
