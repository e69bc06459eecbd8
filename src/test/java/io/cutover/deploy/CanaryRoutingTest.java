package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.proxy.ProxyLifecycle;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.LoadClient;
import io.cutover.support.StickyClient;
import io.cutover.support.StickyClient.Answer;
import io.cutover.support.StickyClient.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who gets the canary: the weight, the sticky cookie and the forcing header, end to end. */
@QuarkusTest
class CanaryRoutingTest {
  private static final String HEADER = "X-Cutover-Canary";

  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProxyLifecycle proxy;

  private Vertx vertx;
  private HttpClient client;
  private DeployScenario scenario;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
    scenario = new DeployScenario(executor, history, services);
  }

  @AfterEach
  void stop() throws Exception {
    scenario.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void clientsKeepingTheirCookieNeverSeeTwoVersionsDuringACanaryAndFollowItOncePromoted()
      throws Exception {
    scenario.configure(
        "",
        "deploy:\n"
            + "  canary: {steps: [{weight: 20, pause: 2s}, {weight: 50, pause: 0}], sticky: cookie}\n"
            + "  analysis: {min-requests: 20}\n");
    scenario.deployAndAwait("v1", "canary");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release v2 = scenario.deploy("v2", "canary");
    scenario.awaitEvent(v2, "traffic.shifted", "\"weight\":20");
    // Visitors of 10 requests each, coming and going through both steps of the canary.
    StickyClient sticky = StickyClient.start(vertx, proxy.port(), scenario.host(), 8, 10);
    scenario.awaitStatus(v2, ReleaseStatus.PAUSED); // at 50%, waiting for promote
    int atHalf = sticky.sessions().size();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sticky.sessions().size() >= atHalf + 100);
    sticky.stop();
    System.out.printf("sticky canary: visitors %s; clients %s%n", sticky, load);
    assertEquals(0, sticky.failures(), sticky.toString());
    assertEquals(0, sticky.mixed().size(), "visitors that saw two versions: " + sticky);
    Map<String, Integer> byVersion = sticky.sessionsByVersion();
    assertTrue(byVersion.containsKey("v1") && byVersion.containsKey("v2"), sticky.toString());

    Session onV1 = stuckOn("v1", sticky);
    Session onV2 = stuckOn("v2", sticky);
    assertTrue(executor.promote(v2.getId()));
    assertEquals(ReleaseStatus.LIVE, scenario.awaitEnd(v2).getStatus());
    load.stop();
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    // One pool serves now: a cookie for either version changes nothing and none is set.
    for (Session visitor : new Session[] {onV1, onV2}) {
      Answer answer = get(visitor, Map.of());
      assertEquals("v2", answer.version());
      assertEquals(0, answer.setCookies().size(), answer.toString());
    }
  }

  @Test
  void theCanaryHeaderForcesEitherVersionAndAnAbortLeavesNothingToReachTheCanary()
      throws Exception {
    scenario.configure(
        "",
        "deploy:\n"
            + "  canary: {steps: [{weight: 20, pause: 0}], sticky: cookie}\n"
            + "  analysis: {min-requests: 20}\n");
    scenario.deployAndAwait("v1", "canary");
    LoadClient load = LoadClient.start(vertx, proxy.port(), scenario.host(), "/", 8);
    Release v2 = scenario.deploy("v2", "canary");
    scenario.awaitStatus(v2, ReleaseStatus.PAUSED);
    assertEquals(Set.of("v2"), versions(20, Map.of(HEADER, "always")));
    assertEquals(Set.of("v1"), versions(20, Map.of(HEADER, "never")));
    // The header wins over a cookie: a visitor on the stable version can try the canary.
    Session visitor = new Session();
    Answer first = get(visitor, Map.of(HEADER, "never"));
    assertEquals("v1", first.version());
    assertEquals("v2", get(visitor, Map.of(HEADER, "always")).version());
    Session onCanary = new Session();
    assertEquals("v2", get(onCanary, Map.of(HEADER, "always")).version());

    assertTrue(executor.abort(v2.getId(), "seen enough"));
    Release aborted = scenario.awaitEnd(v2);
    load.stop();
    System.out.printf("header canary: clients %s%n", load);
    assertEquals(ReleaseStatus.ABORTED, aborted.getStatus());
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals(Set.of("v1"), versions(10, Map.of(HEADER, "always")));
    Answer back = get(onCanary, Map.of());
    assertEquals("v1", back.version(), "the canary cookie no longer matters");
    assertEquals(0, back.setCookies().size(), back.toString());
  }

  private static Session stuckOn(String version, StickyClient sticky) {
    return sticky.sessions().stream()
        .filter(s -> s.distinctVersions().equals(Set.of(version)))
        .findFirst()
        .orElseThrow();
  }

  /** The versions that answered {@code count} fresh visitors sending {@code headers}. */
  private Set<String> versions(int count, Map<String, String> headers) throws Exception {
    Set<String> seen = new java.util.TreeSet<>();
    for (int i = 0; i < count; i++) {
      seen.add(get(new Session(), headers).version());
    }
    return seen;
  }

  private Answer get(Session session, Map<String, String> headers) throws Exception {
    return StickyClient.get(client, proxy.port(), scenario.host(), session, headers)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
