package io.cutover.strategy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build finds strategy folders by a glob over strategies/*, not by a list in pom.xml: this test
 * fails if a folder's code or tests were not compiled onto this test's classpath, so a strategy's
 * tests cannot silently drop out of the build.
 */
class StrategyFoldersBuiltTest {
  private static final Path STRATEGIES = Path.of("strategies");

  @Test
  void everyStrategyFolderHasTests() throws IOException {
    List<Path> folders = folders();
    assertTrue(folders.size() >= 4, "strategy folders: " + folders);
    for (Path folder : folders) {
      assertFalse(
          sources(folder.resolve("src/test/java")).stream()
              .noneMatch(source -> source.getFileName().toString().endsWith("Test.java")),
          folder + " has no tests under src/test/java");
    }
  }

  @Test
  void everyStrategyFoldersClassesAndTestsAreOnTheTestClasspath() throws IOException {
    for (Path folder : folders()) {
      for (String root : List.of("src/main/java", "src/test/java")) {
        Path sources = folder.resolve(root);
        for (Path source : sources(sources)) {
          String className = className(sources, source);
          assertDoesNotThrow(
              () -> Class.forName(className, false, getClass().getClassLoader()),
              source + " was not built: is " + sources + " a source root?");
        }
      }
    }
  }

  private static List<Path> folders() throws IOException {
    try (Stream<Path> entries = Files.list(STRATEGIES)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static List<Path> sources(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".java"))
          .filter(file -> !file.getFileName().toString().equals("package-info.java"))
          .sorted()
          .toList();
    }
  }

  private static String className(Path root, Path source) {
    String relative = root.relativize(source).toString();
    return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
  }
}
