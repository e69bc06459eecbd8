package io.cutover.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.cutover.service.LiveServices;
import io.cutover.support.AdminApi;
import io.cutover.support.LoopbackInstance;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A static-driver service for API tests: its own file in the test services folder (a name no other
 * test uses), real loopback HTTP instances as its targets, fast health checks, and deploys through
 * the admin API. Close it to remove the file and stop the instances.
 */
final class DeployableService implements AutoCloseable {
  private static final String FAST_HEALTH =
      "health: {interval: 100ms, healthy-threshold: 1, startup-timeout: 10s}\n";
  private static final String FAST_DRAIN = "drain: {timeout: 1s}\n";

  /** For tests that hold an instance in the health gate: a loaded machine must not time it out. */
  static final String PATIENT_HEALTH =
      "health: {interval: 100ms, healthy-threshold: 1, startup-timeout: 60s}\n";

  private final String name;
  private final Path file;
  private final Vertx vertx = Vertx.vertx();
  private final List<LoopbackInstance> instances = new ArrayList<>();

  private DeployableService(String name, Path file) {
    this.name = name;
    this.file = file;
  }

  /**
   * A service named {@code <prefix>-<random>}; {@code extraYaml} adds keys, e.g. a bake, or
   * replaces the fast health settings or the static driver.
   */
  static DeployableService create(String prefix, String extraYaml) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String health = extraYaml.contains("health:") ? "" : FAST_HEALTH;
    String driver = extraYaml.contains("driver:") ? "" : "driver: {type: static}\n";
    String yaml =
        "routes: {hosts: [\""
            + name
            + ".localhost\"]}\n"
            + driver
            + health
            + FAST_DRAIN
            + extraYaml;
    Path file = write(name, yaml);
    LiveServices services = Arc.container().instance(LiveServices.class).get();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> services.service(name).isPresent());
    return new DeployableService(name, file);
  }

  static DeployableService create(String prefix) {
    return create(prefix, "");
  }

  String name() {
    return name;
  }

  /** A new loopback instance answering {@code version}, healthy until told otherwise. */
  LoopbackInstance instance(String version) {
    LoopbackInstance instance = LoopbackInstance.start(vertx, version);
    instances.add(instance);
    return instance;
  }

  /** The instances started so far, oldest first. */
  List<LoopbackInstance> instances() {
    return List.copyOf(instances);
  }

  static String target(LoopbackInstance instance) {
    return "127.0.0.1:" + instance.port();
  }

  /** {@code POST .../deploys} with this JSON body, as it answers. */
  ValidatableResponse post(String json) {
    return AdminApi.given()
        .contentType(ContentType.JSON)
        .body(json)
        .when()
        .post("/api/v1/services/" + name + "/deploys")
        .then();
  }

  /** Deploys {@code version} to this instance; returns the release id (after the 202). */
  long deploy(String version, LoopbackInstance instance) {
    return post("{\"version\":\"" + version + "\",\"targets\":[\"" + target(instance) + "\"]}")
        .statusCode(202)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  /** Deploys {@code version} to a new instance and waits until it is live. */
  long deployLive(String version) {
    long id = deploy(version, instance(version));
    awaitStatus(id, "live");
    return id;
  }

  static void awaitStatus(long releaseId, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                AdminApi.given()
                    .get("/api/v1/releases/" + releaseId)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(status)));
  }

  /** Waits until the release has logged an event of this type. */
  static void awaitEvent(long releaseId, String type) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                AdminApi.given()
                    .get("/api/v1/releases/" + releaseId + "/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items.type")
                    .contains(type));
  }

  /** Removes the service file (the service goes away, its history stays). */
  void deleteFile() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    deleteFile();
    instances.forEach(LoopbackInstance::close);
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static Path write(String name, String yaml) {
    Path dir = Path.of(ConfigProvider.getConfig().getValue("cutover.services-dir", String.class));
    try {
      Files.createDirectories(dir);
      // Written aside and moved in, as editors do, so the watch never reads half a file.
      Path temp = Files.writeString(dir.resolve("." + name + ".tmp"), yaml);
      return Files.move(temp, dir.resolve(name + ".yaml"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
