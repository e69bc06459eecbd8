package io.cutover.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who may log in to the embedded PostgreSQL: whoever has the generated password, over 127.0.0.1
 * only. No trust, no Unix socket. A new data directory is created so (initdb with the password); a
 * data directory of an older gateway, which trusted every local login, gets the password in
 * single-user mode and a new pg_hba.conf before its server starts.
 */
final class EmbeddedAccess {
  static final String HBA_MARKER = "# cutover: password logins over 127.0.0.1 only";

  private static final Logger LOG = Logger.getLogger(EmbeddedAccess.class);
  private static final String HBA =
      HBA_MARKER
          + "\n# Rewritten by Cutover at every start of its embedded PostgreSQL; the password is in "
          + EmbeddedPassword.FILE
          + ".\n# TYPE DATABASE USER ADDRESS METHOD\nhost all all 127.0.0.1/32 scram-sha-256\n";

  private enum State {
    /** No cluster yet: initdb makes it, with the password. */
    NEW,
    /** Made by this version: password and pg_hba.conf in place. */
    LOCKED,
    /** Made by an older gateway (trusting local logins), or a migration cut short. */
    OPEN
  }

  private final Path directory;
  private final File binariesHome;
  private final State state;
  private final String password;
  private Path initdbPasswordFile;

  private EmbeddedAccess(Path directory, File binariesHome, State state, String password) {
    this.directory = directory;
    this.binariesHome = binariesHome;
    this.state = state;
    this.password = password;
  }

  /** Looks at the data directory (before the server starts) and takes or makes its password. */
  static EmbeddedAccess of(Path directory, Path binariesHome) throws IOException {
    File binaries = binariesHome == null ? null : binariesHome.toFile();
    // zonky runs initdb exactly when there is no postgresql.conf.
    if (!Files.exists(directory.resolve("postgresql.conf"))) {
      return new EmbeddedAccess(directory, binaries, State.NEW, EmbeddedPassword.generate());
    }
    Optional<String> kept = EmbeddedPassword.read(directory);
    boolean locked = kept.isPresent() && hbaIsOurs(directory);
    return new EmbeddedAccess(
        directory,
        binaries,
        locked ? State.LOCKED : State.OPEN,
        kept.orElseGet(EmbeddedPassword::generate));
  }

  String password() {
    return password;
  }

  /** Server, initdb and client settings; the data directory is finished by {@link #lockDown}. */
  void configure(EmbeddedPostgres.Builder builder) throws IOException {
    builder
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", "''") // none: a socket would bypass the port
        .setServerConfig("password_encryption", "scram-sha-256")
        .setConnectConfig("password", password) // zonky's own readiness check logs in with it
        .setDataDirectoryCustomizer(this::lockDown);
    if (state == State.NEW) {
      // Outside the data directory, which initdb wants empty; removed once the server runs.
      initdbPasswordFile =
          EmbeddedPassword.write(
              directory.getParent(), "." + directory.getFileName() + ".initdb-password", password);
      // zonky hands its "locale" settings to initdb as --key=value: the one way to add options.
      builder
          .setLocaleConfig("pwfile", initdbPasswordFile.toString())
          .setLocaleConfig("auth-host", "scram-sha-256")
          .setLocaleConfig("auth-local", "scram-sha-256");
    }
  }

  /** After initdb (or on an existing cluster) and before the server starts. */
  private void lockDown(File dataDirectory) {
    try {
      if (state != State.LOCKED) {
        // The file first: a password set in the cluster but kept nowhere would lock us out.
        if (EmbeddedPassword.read(directory).isEmpty()) {
          EmbeddedPassword.write(directory, EmbeddedPassword.FILE, password);
        }
      }
      if (state == State.OPEN) {
        SingleUserPostgres.run(
            directory,
            binariesHome,
            "ALTER ROLE " + EmbeddedDatabase.USER + " WITH PASSWORD '" + password + "'",
            password);
        LOG.warnf(
            "embedded database of an older version locked down: it trusted every local login and"
                + " now needs the password kept in %s",
            EmbeddedPassword.file(directory));
      }
      writeHba();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeHba() throws IOException {
    Path hba = directory.resolve("pg_hba.conf");
    Path temp = directory.resolve("pg_hba.conf.tmp");
    Files.writeString(temp, HBA, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(temp, EmbeddedPassword.OWNER_ONLY);
    Files.move(temp, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes what only initdb needed. */
  void cleanUp() throws IOException {
    if (initdbPasswordFile != null) {
      Files.deleteIfExists(initdbPasswordFile);
    }
  }

  private static boolean hbaIsOurs(Path directory) throws IOException {
    Path hba = directory.resolve("pg_hba.conf");
    return Files.exists(hba)
        && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARKER + "\n");
  }
}
