package io.cutover.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every main package says in its package-info.java what it owns and what it may not touch, so a new
 * package cannot arrive without saying where it sits.
 */
class PackageInfoTest {
  private static final List<Path> MAIN_ROOTS = mainRoots();

  @Test
  void everyMainPackageHasAPackageInfo() throws IOException {
    List<Path> missing =
        packages().stream()
            .filter(dir -> !Files.isRegularFile(dir.resolve("package-info.java")))
            .toList();
    assertEquals(List.of(), missing, "packages without package-info.java");
  }

  @Test
  void everyPackageInfoSaysWhatThePackageMayNotTouch() throws IOException {
    for (Path dir : packages()) {
      Path info = dir.resolve("package-info.java");
      if (Files.isRegularFile(info)) {
        String text = Files.readString(info);
        assertTrue(text.contains("/**"), info + " has no javadoc");
        assertTrue(text.contains("May not"), info + " does not say what it may not touch");
      }
    }
  }

  /** Every folder holding a .java file under a main source root. */
  private static List<Path> packages() throws IOException {
    List<Path> all = new java.util.ArrayList<>();
    for (Path root : MAIN_ROOTS) {
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(file -> file.getFileName().toString().endsWith(".java"))
            .map(Path::getParent)
            .distinct()
            .forEach(all::add);
      }
    }
    assertTrue(all.size() > 10, "main packages found: " + all);
    return all.stream().distinct().sorted().toList();
  }

  /** src/main/java and every strategy folder's src/main/java. */
  private static List<Path> mainRoots() {
    try (Stream<Path> folders = Files.list(Path.of("strategies"))) {
      return Stream.concat(
              Stream.of(Path.of("src/main/java")),
              folders.map(folder -> folder.resolve("src/main/java")).filter(Files::isDirectory))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
