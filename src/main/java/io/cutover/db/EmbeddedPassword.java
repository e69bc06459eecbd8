package io.cutover.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL's superuser password: generated once, kept in its data directory in a
 * file only the gateway's user can read (mode 600), read again at every start.
 */
final class EmbeddedPassword {
  static final String FILE = "cutover-password";
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private static final Logger LOG = Logger.getLogger(EmbeddedPassword.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private EmbeddedPassword() {}

  /** 256 random bits, URL-safe Base64: nothing in it needs quoting in SQL or a file. */
  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static Path file(Path dataDirectory) {
    return dataDirectory.resolve(FILE);
  }

  /** The kept password; a file others could read (restored from a backup, say) is closed first. */
  static Optional<String> read(Path dataDirectory) throws IOException {
    Path file = file(dataDirectory);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
      LOG.warnf(
          "embedded database password file was readable by others; made it mode 600 file=%s", file);
    }
    String password = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (password.isEmpty()) {
      throw new IOException(
          file
              + " is empty: delete it and the data directory's pg_hba.conf to"
              + " have a new password set");
    }
    return Optional.of(password);
  }

  /** Writes {@code password} as a new file of mode 600, whole or not at all. */
  static Path write(Path directory, String name, String password) throws IOException {
    Path target = directory.resolve(name);
    Path temp =
        Files.createTempFile(
            directory, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }
}
