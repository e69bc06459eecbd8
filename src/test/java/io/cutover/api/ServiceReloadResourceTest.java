package io.cutover.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceReloadResourceTest {
  private final String good = "reload-good-" + UUID.randomUUID().toString().substring(0, 8);
  private final String bad = "reload-bad-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void removeTheFiles() throws IOException {
    Files.deleteIfExists(file(good));
    Files.deleteIfExists(file(bad));
    AdminApi.given().post("/api/v1/services/reload").then().statusCode(200);
  }

  @Test
  void reloadingListsTheLoadedServicesAndTheRefusedFilesWithTheirProblems() throws IOException {
    Files.createDirectories(dir());
    Files.writeString(
        file(good), "routes: {hosts: [\"" + good + ".localhost\"]}\ndriver: {type: static}\n");
    Files.writeString(
        file(bad),
        "routes: {hosts: [\"" + bad + ".localhost\"]}\ndriver: {type: static}\ninstances: 0\n");

    AdminApi.given()
        .when()
        .post("/api/v1/services/reload")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("services", hasItem(good))
        .body("services", not(hasItem(bad)))
        .body("refused.find { it.service == '" + bad + "' }.file", equalTo(file(bad).toString()))
        .body("refused.find { it.service == '" + bad + "' }.keptPrevious", equalTo(false))
        .body(
            "refused.find { it.service == '" + bad + "' }.problems[0].keyPath",
            equalTo("instances"))
        .body(
            "refused.find { it.service == '" + bad + "' }.problems[0].reason",
            equalTo("must be at least 1"))
        .body(
            "refused.find { it.service == '" + bad + "' }.problems[0].message",
            startsWith(file(bad) + ": instances: 0: "));
  }

  private static Path dir() {
    return Path.of(ConfigProvider.getConfig().getValue("cutover.services-dir", String.class));
  }

  private static Path file(String name) {
    return dir().resolve(name + ".yaml");
  }
}
