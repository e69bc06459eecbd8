package io.cutover.release;

import static io.cutover.release.ReleaseFixtures.WAIT;
import static io.cutover.release.ReleaseFixtures.await;
import static io.cutover.release.ReleaseFixtures.uniqueService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the executor and the REST layer rely on: any calling thread, and the API's JSON. */
@QuarkusTest
class ReleaseCallersTest {
  @Inject ReleaseHistory history;
  @Inject Vertx vertx;
  @Inject ObjectMapper json;

  @Test
  void aCallFromAVertxContextIsAnsweredOnThatContext() throws Exception {
    Context caller = VertxContext.getOrCreateDuplicatedContext(vertx);
    CompletableFuture<Context> answeredOn = new CompletableFuture<>();
    String service = uniqueService();

    caller.runOnContext(
        ignored ->
            history
                .create(NewRelease.of(service, "v1", "bluegreen", ReleaseTrigger.API))
                .chain(release -> history.find(release.getId()))
                .subscribe()
                .with(
                    release -> answeredOn.complete(Vertx.currentContext()),
                    answeredOn::completeExceptionally));

    assertSame(caller, answeredOn.get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void callsFromManyThreadsAtOnceEachGetTheirOwnSession() {
    String service = uniqueService();
    long id = ReleaseFixtures.create(history, service, "v1").getId();
    List<CompletableFuture<ReleaseEvent>> appends = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      int step = i;
      appends.add(
          CompletableFuture.supplyAsync(
              () -> await(history.append(id, "step.done", "step " + step, null))));
    }
    appends.forEach(CompletableFuture::join);

    assertEquals(20, await(history.events(id)).size());
  }

  @Test
  void aReleaseIsWrittenAsTheAdminApiShowsIt() throws Exception {
    Release release =
        await(
            history.create(
                NewRelease.of(uniqueService(), "v2", "static", ReleaseTrigger.AUTO_ROLLBACK)
                    .withConfig("{\"secret\":\"env\"}")
                    .withTargets(List.of("127.0.0.1:9002"))));

    JsonNode node = json.readTree(json.writeValueAsString(release));

    Set<String> fields = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(fields::add);
    assertEquals(
        new java.util.TreeSet<>(
            List.of(
                "id",
                "service",
                "version",
                "strategy",
                "status",
                "trigger",
                "previousReleaseId",
                "createdAt",
                "startedAt",
                "switchedAt",
                "finishedAt",
                "reason",
                "requests",
                "errors",
                "targets")),
        fields);
    assertTrue(node.get("id").isNumber());
    assertEquals("pending", node.get("status").asText());
    assertEquals("auto-rollback", node.get("trigger").asText());
    assertTrue(node.get("createdAt").asText().endsWith("Z"), node.get("createdAt")::asText);
    assertEquals("127.0.0.1:9002", node.get("targets").get(0).asText());
    assertFalse(node.has("config"), "the config may hold secrets and stays internal");
  }

  @Test
  void anEventCarriesItsDataAsJsonNotAsAString() throws Exception {
    long id = ReleaseFixtures.create(history, uniqueService(), "v1").getId();
    ReleaseEvent event =
        await(history.append(id, "traffic.switched", "all traffic on v1", "{\"weight\":100}"));

    JsonNode node = json.readTree(json.writeValueAsString(event));

    assertEquals(100, node.get("data").get("weight").asInt());
    assertEquals("traffic.switched", node.get("type").asText());
    assertNull(
        json.readTree(json.writeValueAsString(await(history.append(id, "x", "y", null))))
            .get("data")
            .textValue());
  }

  @Test
  void aPageIsWrittenAsTheAdminApiListShape() throws Exception {
    Release release = ReleaseFixtures.create(history, uniqueService(), "v1");

    JsonNode last = json.readTree(json.writeValueAsString(new Page<>(List.of(release), null)));
    JsonNode more = json.readTree(json.writeValueAsString(new Page<>(List.of(), "cjQy")));

    assertEquals(release.getId(), last.get("items").get(0).get("id").asLong());
    assertTrue(last.get("nextCursor").isNull());
    assertEquals("cjQy", more.get("nextCursor").asText());
    assertEquals(2, last.size(), last::toString);
  }
}
