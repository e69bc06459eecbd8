package io.cutover.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The services folder: its {@code *.yaml} files, each read with the parser. A file that is a link
 * to something outside the folder is refused unread: its content would reach the logs and the admin
 * API in the problems found. Links within the folder (a Kubernetes ConfigMap volume) are read.
 */
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
    Path folder = dir.toRealPath();
    List<ServiceFile> files = new ArrayList<>();
    for (Path path : list(dir)) {
      // Shown escaped: a name is the user's to choose, and a control character in it would forge
      // log lines. An escaped name is no service name, so such a file is refused.
      String file = printable(path.toString());
      String service = ServiceConfigParser.serviceName(file);
      FileTime modified;
      Path real;
      try {
        modified = Files.getLastModifiedTime(path);
        real = path.toRealPath();
      } catch (NoSuchFileException deletedSinceListed) {
        continue;
      }
      ParseResult result =
          real.startsWith(folder) ? parser.parse(file, real) : outside(file, service, real, folder);
      files.add(new ServiceFile(file, service, modified, result));
    }
    return files;
  }

  private static ParseResult outside(String file, String service, Path real, Path folder) {
    return new ParseResult.Refused(
        service,
        List.of(
            new ConfigProblem(
                file,
                "",
                printable(real.toString()),
                "refused unread: the file links to a place outside the services folder "
                    + printable(folder.toString())
                    + "; put the service file itself in the folder")));
  }

  /** {@code text} with control and other unprintable characters written as u-escapes. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              boolean unprintable =
                  Character.isISOControl(c)
                      || type == Character.FORMAT
                      || type == Character.UNASSIGNED
                      || type == Character.LINE_SEPARATOR
                      || type == Character.PARAGRAPH_SEPARATOR
                      || type == Character.SURROGATE
                      || type == Character.PRIVATE_USE;
              if (unprintable) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
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
