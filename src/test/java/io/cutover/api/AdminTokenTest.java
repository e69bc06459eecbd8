package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path home;

  private static final String STRONG = "q8Vd2kR7xWm4Lz9BnT1cYh6Jf3Gs5Pa0";

  @Test
  void aConfiguredTokenIsUsedAndNothingIsWritten() {
    assertEquals(
        STRONG, AdminToken.resolve(Optional.of(" " + STRONG + " "), home.resolve(".cutover")));
    assertFalse(Files.exists(home.resolve(".cutover")));
  }

  @Test
  void aWeakConfiguredTokenStopsTheStartSayingHowToMakeOne() {
    for (String weak :
        List.of(
            "secret-token",
            "change-me",
            "q8Vd2kR7xWm4Lz9BnT1cYh6Jf3Gs5Pa", // 31 characters
            "change-me-change-me-change-me-change-me",
            "q8Vd2kR7xWm4-CHANGEME-Lz9BnT1cYh6Jf3Gs5Pa0",
            "my-very-long-admin-password-for-cutover",
            "q8Vd2kR7xWm4Lz9BnT1cYh6Jf3Gs5Pa0-secret",
            "token-q8Vd2kR7xWm4Lz9BnT1cYh6Jf3Gs5Pa0",
            "a".repeat(64),
            "abcabcabcabcabcabcabcabcabcabcabcabc")) {
      ConfigurationException refused =
          assertThrows(
              ConfigurationException.class,
              () -> AdminToken.resolve(Optional.of(weak), home),
              weak);
      assertTrue(refused.getMessage().contains("openssl rand -base64 32"), refused.getMessage());
      assertTrue(refused.getMessage().contains("leave it unset"), refused.getMessage());
      assertFalse(refused.getMessage().contains(weak), "the error never quotes the token");
    }
    assertFalse(Files.exists(home.resolve("token")));
  }

  @Test
  void whatOpensslAndTheGeneratorMakeIsStrongEnough() {
    assertNull(AdminTokenRules.weakness("ZmB7JYaHfDhZonZp2AgzMxF9GbFCcdOHQ7LbzpAiLHs="));
    assertNull(AdminTokenRules.weakness(java.util.UUID.randomUUID().toString()));
    for (int i = 0; i < 100; i++) {
      String generated = AdminToken.resolve(Optional.empty(), home);
      assertNull(AdminTokenRules.weakness(generated), generated);
    }
  }

  @Test
  void theLogNamesTheTokenFileButNeverTheToken() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            lines.add(
                parameters == null
                    ? record.getMessage()
                    : String.format(record.getMessage(), parameters));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(AdminToken.class.getName());
    logger.addHandler(capture);
    try {
      String token = AdminToken.resolve(Optional.empty(), home);

      assertTrue(
          lines.stream().anyMatch(line -> line.contains(home.resolve("token").toString())),
          lines::toString);
      assertTrue(lines.stream().noneMatch(line -> line.contains(token)), lines::toString);
    } finally {
      logger.removeHandler(capture);
    }
  }

  @Test
  void aTokenThatCannotBeWrittenStopsTheStartInsteadOfBeingLogged() throws Exception {
    Path notADirectory = Files.writeString(home.resolve("file"), "x");

    ConfigurationException refused =
        assertThrows(
            ConfigurationException.class,
            () -> AdminToken.resolve(Optional.empty(), notADirectory));
    assertTrue(refused.getMessage().contains("cutover.admin.token"), refused.getMessage());
  }

  @Test
  void withoutOneARandomTokenIsWrittenForItsOwnerOnly() throws Exception {
    Path dataDir = home.resolve(".cutover");

    String token = AdminToken.resolve(Optional.empty(), dataDir);

    Path file = dataDir.resolve("token");
    assertEquals(token, Files.readString(file).trim());
    assertTrue(token.length() >= 40, token);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
  }

  @Test
  void aBlankTokenCountsAsNone() {
    String token = AdminToken.resolve(Optional.of("  "), home);

    assertNotEquals("", token.trim());
    assertTrue(Files.exists(home.resolve("token")));
  }

  @Test
  void eachStartMakesANewTokenAndReplacesTheFile() throws Exception {
    String first = AdminToken.resolve(Optional.empty(), home);
    String second = AdminToken.resolve(Optional.empty(), home);

    assertNotEquals(first, second);
    assertEquals(second, Files.readString(home.resolve("token")).trim());
    try (var files = Files.list(home)) {
      assertEquals(1, files.count(), "no temp file is left behind");
    }
  }

  @Test
  void theBearerHeaderIsReadCaseInsensitivelyAndOtherSchemesAreNot() {
    assertEquals("abc", AdminAuthFilter.bearer("Bearer abc"));
    assertEquals("abc", AdminAuthFilter.bearer("bearer  abc "));
    assertEquals(null, AdminAuthFilter.bearer("Basic abc"));
    assertEquals(null, AdminAuthFilter.bearer("Bearer "));
    assertEquals(null, AdminAuthFilter.bearer(null));
  }
}
