package io.cutover.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real zonky PostgreSQL binary: started, used, stopped, started again on the same data. */
class EmbeddedPostgresTest {
  @TempDir Path home;

  @Test
  void dataSurvivesAStopAndAStartOnTheSameDirectory() throws Exception {
    Path data = home.resolve("postgres");

    try (EmbeddedDatabase first = EmbeddedDatabase.start(data, 0)) {
      assertTrue(first.jdbcUrl().endsWith("/" + EmbeddedDatabase.DATABASE));
      assertEquals("postgresql://127.0.0.1:" + first.port() + "/cutover", first.reactiveUrl());
      try (Connection connection = connect(first);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE kept (note text)");
        statement.execute("INSERT INTO kept VALUES ('written before the restart')");
      }
    }
    assertTrue(Files.exists(data.resolve("PG_VERSION")), "initdb wrote the data directory");
    assertTrue(Files.notExists(data.resolve("postmaster.pid")), "the server stopped");

    try (EmbeddedDatabase second = EmbeddedDatabase.start(data, 0);
        Connection connection = connect(second);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT note FROM kept")) {
      assertTrue(rows.next());
      assertEquals("written before the restart", rows.getString(1));
    }
  }

  @Test
  void onlyTheGeneratedPasswordLogsIn() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("postgres"), 0)) {
      assertRefused(database.jdbcUrl(), EmbeddedDatabase.USER, null);
      assertRefused(database.jdbcUrl(), EmbeddedDatabase.USER, "");
      assertRefused(database.jdbcUrl(), EmbeddedDatabase.USER, "postgres");
      assertRefused(database.jdbcUrl(), EmbeddedDatabase.USER, database.password() + "x");
      assertRefused(database.jdbcUrl(), "someone", "");

      try (Connection connection = connect(database);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT current_user")) {
        assertTrue(rows.next());
        assertEquals(EmbeddedDatabase.USER, rows.getString(1));
      }
      assertTrue(database.password().length() >= 40, "256 random bits");
    }
  }

  @Test
  void thePasswordIsKeptInTheDataDirectoryForTheOwnerAloneAndReusedOnRestart() throws Exception {
    Path data = home.resolve("postgres");
    String first;
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data, 0)) {
      first = database.password();
      assertEquals(data.resolve("cutover-password"), database.passwordFile());
      assertEquals(first, Files.readString(database.passwordFile()).trim());
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(database.passwordFile())));
    }
    try (Stream<Path> beside = Files.list(home)) {
      assertEquals(
          List.of(),
          beside.map(p -> p.getFileName().toString()).filter(n -> n.contains("password")).toList(),
          "initdb's password file beside the data directory is gone");
    }
    try (EmbeddedDatabase again = EmbeddedDatabase.start(data, 0);
        Connection connection = connect(again)) {
      assertEquals(first, again.password());
      assertTrue(connection.isValid(5));
    }
  }

  @Test
  void itListensOn127001AloneWithNoSocketAndNoTrust() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("postgres"), 0);
        Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      assertEquals("127.0.0.1", show(statement, "listen_addresses"));
      assertEquals("", show(statement, "unix_socket_directories"));
      assertEquals("scram-sha-256", show(statement, "password_encryption"));
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT type, address, auth_method FROM pg_hba_file_rules ORDER BY line_number")) {
        assertTrue(rows.next());
        assertEquals("host", rows.getString(1));
        assertEquals("127.0.0.1", rows.getString(2));
        assertEquals("scram-sha-256", rows.getString(3));
        assertFalse(rows.next(), "one rule only");
      }
      Optional<InetAddress> other = nonLoopbackAddress();
      if (other.isPresent()) {
        try (Socket socket = new Socket()) {
          assertThrows(
              java.io.IOException.class,
              () -> socket.connect(new InetSocketAddress(other.get(), database.port()), 2000),
              "nothing listens on " + other.get());
        }
      }
    }
  }

  @Test
  void aDataDirectoryOfAnOlderVersionGetsThePasswordAndKeepsItsData() throws Exception {
    Path data = home.resolve("postgres");
    // What an older gateway left: zonky's defaults, trusting every local login, no password.
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        Connection connection = old.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE cutover");
      try (Connection cutover = old.getDatabase(EmbeddedDatabase.USER, "cutover").getConnection();
          Statement write = cutover.createStatement()) {
        write.execute("CREATE TABLE kept (note text)");
        write.execute("INSERT INTO kept VALUES ('from the older version')");
      }
    }

    try (EmbeddedDatabase database = EmbeddedDatabase.start(data, 0)) {
      assertRefused(database.jdbcUrl(), EmbeddedDatabase.USER, "");
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(database.passwordFile())));
      try (Connection connection = connect(database);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT note FROM kept")) {
        assertTrue(rows.next(), "the older version's data is kept");
        assertEquals("from the older version", rows.getString(1));
      }
    }
    assertTrue(
        Files.readString(data.resolve("pg_hba.conf")).lines().noneMatch(l -> l.contains("trust")),
        "pg_hba.conf trusts nobody");
  }

  @Test
  void aConfiguredUserNameLogsInWithItsPasswordOnly() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("postgres"), 0)) {
      database.allowLogin("cutover", "configured-secret");
      database.allowLogin("cutover", "configured-secret"); // twice: the second finds the role

      assertRefused(database.jdbcUrl(), "cutover", "any password");
      try (Connection connection =
              DriverManager.getConnection(database.jdbcUrl(), "cutover", "configured-secret");
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT current_user")) {
        assertTrue(rows.next());
        assertEquals("cutover", rows.getString(1));
      }
      java.io.IOException refused =
          assertThrows(
              java.io.IOException.class,
              () -> database.allowLogin(EmbeddedDatabase.USER, "configured-secret"));
      assertTrue(refused.getMessage().contains("generated password"), refused.getMessage());
    }
  }

  private static Connection connect(EmbeddedDatabase database) throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
  }

  private static void assertRefused(String url, String user, String password) {
    SQLException refused =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(url, credentials(user, password)).close(),
            () -> user + " logged in with the password '" + password + "'");
    // 28P01: the server checked the password and refused it. 08004 with SCRAM named: the server
    // demanded a password where none was given (the driver then ends the attempt itself).
    boolean checked = "28P01".equals(refused.getSQLState());
    boolean demanded =
        "08004".equals(refused.getSQLState()) && refused.getMessage().contains("SCRAM");
    assertTrue(
        checked || demanded,
        () -> "refused for want of the password, got " + refused.getSQLState() + " " + refused);
  }

  private static Properties credentials(String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (!(address instanceof Inet6Address)) {
            return Optional.of(address);
          }
        }
      }
    }
    return Optional.empty();
  }
}
