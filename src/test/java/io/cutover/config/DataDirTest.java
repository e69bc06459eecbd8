package io.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataDirTest {

  @Test
  void aDataDirStartingWithTildeIsUnderTheUsersHome() {
    String home = System.getProperty("user.home");

    assertEquals(Path.of(home, ".cutover"), DataDir.expand("~/.cutover"));
    assertEquals(Path.of(home), DataDir.expand("~"));
    assertEquals(Path.of("/var/lib/cutover"), DataDir.expand("/var/lib/cutover"));
    assertEquals(Path.of("data/~x"), DataDir.expand("data/~x"));
  }
}
