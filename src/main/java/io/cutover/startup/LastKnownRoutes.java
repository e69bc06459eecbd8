package io.cutover.startup;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Each service's live release as the gateway last served it, kept in the data directory so a
 * gateway that starts while its database is down still knows what to serve. Written whole or not at
 * all (a temp file moved over the old one); read at start.
 */
public final class LastKnownRoutes {
  static final String FILE = "last-known-routes.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One service's live release.
   *
   * @param targets the static driver's instance addresses (host:port); empty for drivers that start
   *     their instances, which are started again from {@code version}
   */
  public record Entry(String service, long releaseId, String version, List<String> targets) {
    public Entry {
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }

  private final Path file;

  public LastKnownRoutes(Path dataDirectory) {
    this.file = dataDirectory.resolve(FILE);
  }

  public Path file() {
    return file;
  }

  /** The entries kept; empty when there is no file yet. */
  public List<Entry> read() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return List.copyOf(JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {}));
  }

  public void write(List<Entry> entries) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "." + FILE, ".tmp");
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), entries);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
