package io.cutover.health;

import static io.cutover.health.HealthAwaitTest.trailing;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.HealthConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.support.FastHealth;
import io.cutover.support.LoopbackInstance;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A watch keeps checking a live instance and reports each transition. */
class HealthWatchTest {
  // Generous for waits that time nothing: a cold JVM under load can take seconds for a first check.
  private static final Duration SOON = Duration.ofSeconds(10);

  private Vertx vertx;
  private LoopbackInstance server;
  private HealthChecker checker;
  private final List<Heard> heard = new CopyOnWriteArrayList<>();

  /** One transition as the listener heard it, with what the server had answered by then. */
  record Heard(InstanceState from, InstanceState to, String last, List<Integer> answers) {}

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = LoopbackInstance.start(vertx, "v1");
    checker = new HealthChecker(new io.vertx.mutiny.core.Vertx(vertx));
  }

  @AfterEach
  void stop() {
    checker.close();
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private HealthWatch watch(Instance instance, HealthConfig config) {
    return checker.watch(
        instance,
        config,
        (changed, from, to, last) -> heard.add(new Heard(from, to, last, server.healthAnswers())));
  }

  @Test
  void aHealthyInstanceThatFailsTurnsUnhealthyThenRecoversAndTheListenerHearsBothInOrder() {
    Instance instance = server.instance("web");
    watch(instance, FastHealth.config().healthyAfter(2).unhealthyAfter(3).build());
    await().atMost(SOON).until(() -> heard.size() == 1);

    server.health(500);
    await().atMost(SOON).until(() -> heard.size() == 2);
    assertEquals(InstanceState.UNHEALTHY, instance.state());
    server.health(200);
    await().atMost(SOON).until(() -> heard.size() == 3);

    assertEquals(InstanceState.HEALTHY, instance.state());
    assertEquals(
        List.of(InstanceState.STARTING, InstanceState.HEALTHY, InstanceState.UNHEALTHY),
        heard.stream().map(Heard::from).toList());
    assertEquals(
        List.of(InstanceState.HEALTHY, InstanceState.UNHEALTHY, InstanceState.HEALTHY),
        heard.stream().map(Heard::to).toList());
    assertEquals(
        List.of("GET /health answered 200", "GET /health answered 500", "GET /health answered 200"),
        heard.stream().map(Heard::last).toList());
    assertEquals(List.of(200, 200), heard.get(0).answers());
    assertEquals(3, trailing(500, heard.get(1).answers()), "failures: " + heard.get(1).answers());
    assertEquals(2, trailing(200, heard.get(2).answers()), "passes: " + heard.get(2).answers());
    // Nothing else happened in between: each run ended exactly at its threshold.
    assertEquals(3, heard.size());
  }

  @Test
  void aHealthyInstanceWhoseChecksTimeOutTurnsUnhealthy() {
    Instance instance = server.instance("web");
    watch(instance, FastHealth.config().timeout(Duration.ofMillis(100)).unhealthyAfter(2).build());
    await().atMost(SOON).until(() -> instance.state() == InstanceState.HEALTHY);

    server.healthDelay(Duration.ofMillis(500));
    await().atMost(SOON).until(() -> heard.size() == 2);

    assertEquals(InstanceState.UNHEALTHY, heard.get(1).to());
    assertEquals("GET /health timed out after 100ms", heard.get(1).last());
  }

  @Test
  void checksNeverOverlapEvenWhenAnAnswerOutlastsTheInterval() {
    server.healthDelay(Duration.ofMillis(150));
    Instance instance = server.instance("web");
    watch(instance, FastHealth.config().interval(Duration.ofMillis(20)).build());

    await().atMost(SOON).until(() -> server.healthAnswers().size() >= 5);

    assertEquals(1, server.maxConcurrentHealthChecks());
  }

  @Test
  void stopEndsThePolling() {
    Instance instance = server.instance("web");
    HealthWatch watch = watch(instance, FastHealth.config().build());
    await().atMost(SOON).until(() -> server.healthChecks() >= 3);

    watch.stop();
    int atStop = server.healthChecks();

    // At most the one check already on the wire arrives; then nothing, for ten intervals.
    await()
        .during(Duration.ofMillis(500))
        .atMost(SOON)
        .until(() -> server.healthChecks() <= atStop + 1);
    assertTrue(checker.watching(instance).isEmpty());
  }

  @Test
  void aStoppedInstanceIsNoLongerChecked() {
    Instance instance = server.instance("web");
    watch(instance, FastHealth.config().build());
    await().atMost(SOON).until(() -> instance.state() == InstanceState.HEALTHY);

    instance.state(InstanceState.STOPPED);

    await().atMost(SOON).until(() -> checker.watching(instance).isEmpty());
    int afterEnd = server.healthChecks();
    await()
        .during(Duration.ofMillis(300))
        .atMost(SOON)
        .until(() -> server.healthChecks() == afterEnd);
    assertEquals(InstanceState.STOPPED, instance.state());
  }

  @Test
  void aDrainingInstanceKeepsItsStateWhateverTheChecksSay() {
    Instance instance = server.instance("web");
    HealthConfig config = FastHealth.config().unhealthyAfter(2).build();
    watch(instance, config);
    await().atMost(SOON).until(() -> instance.state() == InstanceState.HEALTHY);

    instance.state(InstanceState.DRAINING);
    server.health(500);
    await().atMost(SOON).until(() -> trailing(500, server.healthAnswers()) >= 5);

    assertEquals(InstanceState.DRAINING, instance.state());
    assertEquals(1, heard.size(), "only the first transition: " + heard);
  }

  @Test
  void anAwaitedInstanceThatIsThenWatchedHasOnePoller() {
    Instance instance = server.instance("web");
    HealthConfig config = FastHealth.config().interval(Duration.ofMillis(100)).build();
    checker.awaitHealthy(instance, config).await().atMost(SOON);
    HealthWatch watch = watch(instance, config);
    assertEquals(watch, checker.watching(instance).orElseThrow());

    int before = server.healthChecks();
    long started = System.nanoTime();
    // Wait for ten checks, not for a time: one poller needs about a second for them, two half that.
    await()
        .pollInterval(Duration.ofMillis(10))
        .atMost(SOON)
        .until(() -> server.healthChecks() - before >= 10);
    int checks = server.healthChecks() - before;
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    // One poller checks at most once per interval; two would check twice as often.
    assertTrue(checks <= elapsedMs / 100 + 2, checks + " checks in " + elapsedMs + " ms");
    assertTrue(checks >= 3, "still polling: " + checks + " checks in " + elapsedMs + " ms");
  }
}
