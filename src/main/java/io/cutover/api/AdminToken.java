package io.cutover.api;

import io.cutover.config.CutoverConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The admin API's bearer token: {@code cutover.admin.token} (refused at start when weak, see {@link
 * AdminTokenRules}), else a random one made at start and written to {@code <data-dir>/token} (mode
 * 600) for the command line; the log names the file, never the token.
 */
@Startup
@ApplicationScoped
public class AdminToken {
  private static final Logger LOG = Logger.getLogger(AdminToken.class);

  // Compared as a digest: comparing digests takes the same time whatever the length presented.
  private final byte[] digest;
  // Sent with the calls this gateway forwards to the other members of a cluster (they share it).
  private final String authorization;

  AdminToken(CutoverConfig config) {
    String token = resolve(config.admin().token(), config.dataDir());
    this.digest = sha256(token);
    this.authorization = "Bearer " + token;
  }

  /** The {@code Authorization} header value for calls to another member of the cluster. */
  public String authorization() {
    return authorization;
  }

  /** True when {@code presented} is the token; constant time. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  static String resolve(Optional<String> configured, Path dataDir) {
    Path file = dataDir.resolve("token");
    Optional<String> token = configured.map(String::trim).filter(t -> !t.isEmpty());
    if (token.isPresent()) {
      String weakness = AdminTokenRules.weakness(token.get());
      if (weakness != null) {
        throw new ConfigurationException(
            "cutover.admin.token (CUTOVER_ADMIN_TOKEN) is too weak: "
                + weakness
                + ". Use at least "
                + AdminTokenRules.MIN_LENGTH
                + " random characters, e.g. the output of `openssl rand -base64 32`, or leave it"
                + " unset and the gateway generates one at each start into "
                + file);
      }
      return token.get();
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      write(file, generated);
    } catch (IOException e) {
      // Never logged: logs are shipped elsewhere, and the token would then be in no file anyway.
      throw new ConfigurationException(
          "the generated admin token cannot be written to "
              + file
              + " ("
              + e
              + "): make cutover.data-dir (CUTOVER_DATA_DIR) writable, or set"
              + " cutover.admin.token (CUTOVER_ADMIN_TOKEN), e.g. to the output of `openssl rand"
              + " -base64 32`");
    }
    // The file, never the token: logs are shipped to other systems.
    LOG.infof("admin token generated file=%s", file);
    return generated;
  }

  /** Writes a new file readable by its owner only, then moves it in place in one step. */
  private static void write(Path file, String token) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path temp =
        posix
            ? Files.createTempFile(
                dir,
                ".token",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".token", ".tmp");
    try {
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
