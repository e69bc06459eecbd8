package io.cutover.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseMigrationTest {
  @Inject Flyway flyway;
  @Inject Pool pool;

  @Test
  void flywayMigratedTheSchemaAtStart() {
    assertTrue(flyway.info().current().getVersion().isAtLeast("1"));
    assertEquals(0, flyway.info().pending().length);
  }

  @Test
  void theTablesAndTheGuardIndexesExist() {
    List<String> names = new ArrayList<>();
    for (Row row :
        pool.query(
                "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
                    + " UNION SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(20))) {
      names.add(row.getString("name"));
    }

    assertTrue(
        names.containsAll(
            List.of(
                "releases",
                "release_events",
                "releases_one_running_per_service",
                "releases_one_live_per_service",
                "releases_service_id_idx",
                "release_events_release_id_idx")),
        names::toString);
  }
}
