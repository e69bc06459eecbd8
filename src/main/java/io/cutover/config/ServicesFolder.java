package io.cutover.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The services folder: its {@code *.yaml} files, each read with the parser. */
final class ServicesFolder {
  private final Path dir;
  private final ServiceConfigParser parser;

  ServicesFolder(Path dir, ServiceConfigParser parser) {
    this.dir = dir;
    this.parser = parser;
  }

  Path dir() {
    return dir;
  }

  /**
   * @throws IOException when the folder is missing or cannot be listed
   */
  List<ServiceFile> read() throws IOException {
    List<ServiceFile> files = new ArrayList<>();
    for (Path path : list(dir)) {
      String file = path.toString();
      FileTime modified;
      try {
        modified = Files.getLastModifiedTime(path);
      } catch (NoSuchFileException deletedSinceListed) {
        continue;
      }
      files.add(
          new ServiceFile(
              file, ServiceConfigParser.serviceName(file), modified, parser.parse(path)));
    }
    return files;
  }

  /** The service files, by name; editors' hidden swap and backup files are not among them. */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(ServicesFolder::isServiceFile)
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  private static boolean isServiceFile(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".yaml") && !name.startsWith(".");
  }
}
