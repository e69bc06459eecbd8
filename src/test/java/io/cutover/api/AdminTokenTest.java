package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path home;

  @Test
  void aConfiguredTokenIsUsedAndNothingIsWritten() {
    assertEquals("s3cret", AdminToken.resolve(Optional.of(" s3cret "), home.resolve(".cutover")));
    assertFalse(Files.exists(home.resolve(".cutover")));
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
