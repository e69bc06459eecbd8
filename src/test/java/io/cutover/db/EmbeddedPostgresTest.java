package io.cutover.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
      assertEquals("postgresql://localhost:" + first.port() + "/cutover", first.reactiveUrl());
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

  private static Connection connect(EmbeddedDatabase database) throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
  }

  @Test
  void aConfiguredUserNameCanLogInToo() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("postgres"), 0)) {
      database.allowLogin("cutover");
      database.allowLogin("cutover"); // twice: the second finds the role

      try (Connection connection =
              DriverManager.getConnection(database.jdbcUrl(), "cutover", "any password");
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT current_user")) {
        assertTrue(rows.next());
        assertEquals("cutover", rows.getString(1));
      }
    }
  }
}
