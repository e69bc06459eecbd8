package io.cutover.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Writes service files into the test profile's services folder. Each test names its services
 * uniquely and deletes its files afterwards, so no test depends on another or on their order.
 */
public final class TestServicesFolder {
  private final List<Path> written = new ArrayList<>();

  public static Path dir() {
    return Path.of(ConfigProvider.getConfig().getValue("cutover.services-dir", String.class));
  }

  /** A service name no other test uses, e.g. {@code web-1f3a9c}. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A file that is accepted, routed on {@code <name>.localhost}. */
  public static String goodYaml(String name, int instances) {
    return "routes: {hosts: [\""
        + name
        + ".localhost\"]}\ninstances: "
        + instances
        + "\ndriver: {type: static}\n";
  }

  public Path write(String name, String yaml) {
    try {
      Files.createDirectories(dir());
      Path file = dir().resolve(name + ".yaml");
      // Written aside and moved in, as editors do, so the watch never reads half a file.
      Path temp = Files.writeString(dir().resolve("." + name + ".tmp"), yaml);
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      written.add(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void delete(String name) {
    try {
      Files.deleteIfExists(dir().resolve(name + ".yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void deleteAll() {
    written.forEach(
        file -> {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
