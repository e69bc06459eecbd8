package io.cutover.deploytests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/**
 * Versions of a static-driver service as loopback HTTP servers this test runs (each answers its
 * version on every path, /health included), deployed through a member's admin API.
 */
final class StaticTargets {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Vertx vertx;

  StaticTargets(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Deploys {@code version} on two fresh servers through this member; the release's id. */
  long deploy(Gateway gateway, String version, String strategy) throws Exception {
    String targets = "\"127.0.0.1:" + target(version) + "\",\"127.0.0.1:" + target(version) + "\"";
    var answer =
        gateway.post(
            "/api/v1/services/" + gateway.service + "/deploys",
            "{\"version\":\""
                + version
                + "\",\"strategy\":\""
                + strategy
                + "\",\"targets\":["
                + targets
                + "]}");
    assertEquals(202, answer.statusCode(), answer::body);
    return JSON.readTree(answer.body()).get("id").asLong();
  }

  private int target(String version) throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(request -> request.response().end(version))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return server.actualPort();
  }
}
