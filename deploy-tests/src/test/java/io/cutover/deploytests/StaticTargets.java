package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Versions of a static-driver service as loopback HTTP servers this test runs (each answers its
 * version on every path, /health included), deployed through a member's admin API.
 */
final class StaticTargets {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
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

  /**
   * Starts {@code first}, deploys {@code version} through it, then starts a second member on the
   * same database and returns it once it serves that version too.
   */
  Gateway twoMembersServing(Gateway first, String version) throws Exception {
    first.start();
    first.awaitLive(deploy(first, version, "bluegreen"), RELEASE_TIMEOUT);
    Gateway second = first.peer();
    second.start();
    await("the second member serves " + version)
        .atMost(RELEASE_TIMEOUT)
        .ignoreExceptions()
        .until(() -> Load.once(second.proxyPort).equals("200 " + version));
    return second;
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
