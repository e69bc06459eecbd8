package io.cutover.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.LaunchMode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the packaged gateway falls back to its embedded PostgreSQL, and where it keeps it. */
class EmbeddedPostgresFallbackTest {
  @Test
  void onlyAPackagedGatewayAtRuntimeWithoutAUrlStartsIt() {
    assertTrue(wanted(LaunchMode.NORMAL, ExecutionMode.RUNTIME_INIT, false, true));
    assertTrue(wanted(LaunchMode.RUN, ExecutionMode.RUNTIME_INIT, false, true));

    assertFalse(wanted(LaunchMode.NORMAL, ExecutionMode.RUNTIME_INIT, true, true), "a URL wins");
    assertFalse(wanted(LaunchMode.NORMAL, ExecutionMode.RUNTIME_INIT, false, false), "off");
    assertFalse(wanted(LaunchMode.NORMAL, ExecutionMode.UNSET, false, true), "the build");
    assertFalse(wanted(LaunchMode.NORMAL, ExecutionMode.STATIC_INIT, false, true));
    assertFalse(wanted(LaunchMode.TEST, ExecutionMode.RUNTIME_INIT, false, true), "tests");
    assertFalse(wanted(LaunchMode.DEVELOPMENT, ExecutionMode.RUNTIME_INIT, false, true), "dev");
  }

  @Test
  void itKeepsItsDataUnderTheDataDirectory() {
    EmbeddedDatabaseSettings defaults = EmbeddedDatabaseSettings.from(name -> null);
    EmbeddedDatabaseSettings chosen =
        EmbeddedDatabaseSettings.from(
            Map.of(
                    EmbeddedDatabaseSettings.DATA_DIR, "/var/lib/cutover",
                    EmbeddedDatabaseSettings.PORT, "5499",
                    EmbeddedDatabaseSettings.ENABLED, "false")
                ::get);

    assertEquals(
        Path.of(System.getProperty("user.home"), ".cutover", "postgres"), defaults.dataDirectory());
    assertEquals(0, defaults.port());
    assertTrue(defaults.enabled());
    assertEquals(Path.of("/var/lib/cutover/postgres"), chosen.dataDirectory());
    assertEquals(
        Path.of("/var/lib/cutover/postgres-binaries"),
        chosen.binariesDirectory(),
        "the server's binaries in a folder of the gateway's user, not the shared temp folder");
    assertEquals(5499, chosen.port());
    assertFalse(chosen.enabled());
    assertThrows(
        IllegalArgumentException.class,
        () -> EmbeddedDatabaseSettings.from(Map.of(EmbeddedDatabaseSettings.PORT, "x")::get));
  }

  private static boolean wanted(
      LaunchMode mode, ExecutionMode phase, boolean urlGiven, boolean enabled) {
    return EmbeddedDatabaseConfigSourceFactory.wanted(mode, phase, urlGiven, enabled);
  }
}
