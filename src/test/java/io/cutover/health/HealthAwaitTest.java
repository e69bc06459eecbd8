package io.cutover.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.HealthConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.support.FastHealth;
import io.cutover.support.LoopbackInstance;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** awaitHealthy against a real instance on a loopback port: what a deploy waits on. */
class HealthAwaitTest {
  // Generous for waits that time nothing: a cold JVM under load can take seconds for a first check.
  private static final Duration SOON = Duration.ofSeconds(10);

  private Vertx vertx;
  private LoopbackInstance server;
  private HealthChecker checker;

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

  @Test
  void anInstanceTurnsHealthyAfterExactlyHealthyThresholdPasses() {
    server.health(503);
    Instance instance = server.instance("web");
    HealthConfig config = FastHealth.config().healthyAfter(3).unhealthyAfter(1).build();
    AtomicReference<List<Integer>> seenWhenHealthy = new AtomicReference<>();

    CompletableFuture<Void> healthy =
        checker
            .awaitHealthy(instance, config)
            .invoke(() -> seenWhenHealthy.set(server.healthAnswers()))
            .subscribeAsCompletionStage();
    await().atMost(SOON).until(() -> server.healthAnswers().size() >= 3);
    // Failing while starting is not "unhealthy", whatever the threshold: startup-timeout rules.
    assertEquals(InstanceState.STARTING, instance.state());
    server.health(200);

    healthy.orTimeout(SOON.toSeconds(), TimeUnit.SECONDS).join();
    assertEquals(InstanceState.HEALTHY, instance.state());
    List<Integer> answers = seenWhenHealthy.get();
    assertEquals(3, trailing(200, answers), "passes before healthy in " + answers);
    assertTrue(answers.size() > 3, "it failed before it passed: " + answers);
  }

  @Test
  void aNeverHealthyInstanceFailsAtStartupTimeoutWithTheLastResult() {
    server.health(500);
    Instance instance = server.instance("web");
    HealthConfig config = FastHealth.config().startupTimeout(Duration.ofMillis(600)).build();
    // Checks already run: the timeout counts from the await, so a slow first check can't blur it.
    checker.watch(instance, config, HealthListener.NONE);
    await().atMost(SOON).until(() -> server.healthAnswers().size() >= 2);

    long started = System.nanoTime();
    InstanceNotHealthyException failure =
        assertThrows(
            InstanceNotHealthyException.class,
            () -> checker.awaitHealthy(instance, config).await().atMost(Duration.ofSeconds(10)));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertEquals("GET /health answered 500", failure.lastResult());
    assertTrue(failure.getMessage().contains("GET /health answered 500"), failure.getMessage());
    assertTrue(failure.getMessage().contains("startup-timeout"), failure.getMessage());
    assertTrue(failure.getMessage().contains(instance.id()), failure.getMessage());
    assertTrue(failure.waited().toMillis() >= 590, "waited " + failure.waited());
    assertTrue(tookMs < 600 + 3000, "took " + tookMs + " ms");
    assertEquals(InstanceState.STARTING, instance.state());
  }

  @Test
  void aRefusedConnectionIsAFailureTheErrorNames() {
    LoopbackInstance gone = LoopbackInstance.start(vertx, "v2");
    Instance instance = gone.instance("web");
    gone.close();
    HealthConfig config = FastHealth.config().startupTimeout(Duration.ofMillis(400)).build();
    HealthWatch watch = checker.watch(instance, config, HealthListener.NONE);
    await().atMost(SOON).until(() -> !watch.lastResult().equals(CheckResult.NONE.description()));

    InstanceNotHealthyException failure =
        assertThrows(
            InstanceNotHealthyException.class,
            () -> checker.awaitHealthy(instance, config).await().atMost(Duration.ofSeconds(10)));

    assertEquals("connection refused by 127.0.0.1:" + instance.port(), failure.lastResult());
  }

  @Test
  void theGracePeriodDelaysTheFirstCheck() {
    Instance instance = server.instance("web");
    HealthConfig config = FastHealth.config().gracePeriod(Duration.ofMillis(700)).build();

    long started = System.nanoTime();
    checker.watch(instance, config, HealthListener.NONE);
    await().pollInterval(Duration.ofMillis(10)).atMost(SOON).until(() -> server.healthChecks() > 0);
    long firstCheckMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertTrue(firstCheckMs >= 700, "first check after " + firstCheckMs + " ms");
    // Loose: a cold JVM under load may load classes for seconds before the first request leaves.
    assertTrue(firstCheckMs < 700 + 4000, "first check after " + firstCheckMs + " ms");
  }

  @Test
  void aCheckThatOutlastsTheTimeoutCountsAsAFailure() {
    server.healthDelay(Duration.ofMillis(400));
    Instance instance = server.instance("web");
    HealthConfig config =
        FastHealth.config()
            .timeout(Duration.ofMillis(100))
            .startupTimeout(Duration.ofMillis(800))
            .build();
    HealthWatch watch = checker.watch(instance, config, HealthListener.NONE);
    await().atMost(SOON).until(() -> !watch.lastResult().equals(CheckResult.NONE.description()));

    InstanceNotHealthyException failure =
        assertThrows(
            InstanceNotHealthyException.class,
            () -> checker.awaitHealthy(instance, config).await().atMost(Duration.ofSeconds(10)));

    assertEquals("GET /health timed out after 100ms", failure.lastResult());
    // The server did answer 200 each time, only too late: none of it counted as a pass.
    assertEquals(InstanceState.STARTING, instance.state());
  }

  @Test
  void anExitedInstanceFailsAwaitHealthyAtOnce() throws Exception {
    server.health(500);
    Instance instance = server.instance("web");
    HealthConfig config = FastHealth.config().startupTimeout(Duration.ofSeconds(30)).build();
    CompletableFuture<Void> healthy =
        checker.awaitHealthy(instance, config).subscribeAsCompletionStage();
    await().atMost(SOON).until(() -> server.healthAnswers().size() >= 2);

    long exitedAt = System.nanoTime();
    checker.instanceExited(instance, 137);

    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> healthy.get(5, TimeUnit.SECONDS));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exitedAt);
    InstanceNotHealthyException failure = (InstanceNotHealthyException) failed.getCause();
    assertTrue(failure.getMessage().contains("exited with code 137"), failure.getMessage());
    assertEquals("GET /health answered 500", failure.lastResult());
    assertTrue(tookMs < 2000, "failed " + tookMs + " ms after the exit");
    assertTrue(checker.watching(instance).isEmpty(), "an exited instance is no longer checked");
  }

  @Test
  void aStoppedInstanceFailsAwaitHealthyAtOnce() {
    Instance instance = server.instance("web");
    instance.state(InstanceState.STOPPED);
    HealthConfig config =
        FastHealth.config()
            .gracePeriod(Duration.ofSeconds(20))
            .startupTimeout(Duration.ofSeconds(30))
            .build();

    InstanceNotHealthyException failure =
        assertThrows(
            InstanceNotHealthyException.class,
            () -> checker.awaitHealthy(instance, config).await().atMost(Duration.ofSeconds(3)));

    assertTrue(failure.getMessage().contains("the instance was stopped"), failure.getMessage());
    assertEquals(0, server.healthChecks());
  }

  @Test
  void anInstanceAlreadyHealthyIsAwaitedAtOnceOnItsOnePoller() {
    Instance instance = server.instance("web");
    HealthConfig config = FastHealth.config().build();
    checker.awaitHealthy(instance, config).await().atMost(SOON);

    HealthWatch watch = checker.watch(instance, config, HealthListener.NONE);
    watch.awaitHealthy().await().atMost(Duration.ofMillis(500));

    assertEquals(watch, checker.watching(instance).orElseThrow());
    assertEquals(1, server.maxConcurrentHealthChecks());
  }

  static int trailing(int status, List<Integer> answers) {
    int count = 0;
    for (int i = answers.size() - 1; i >= 0 && answers.get(i) == status; i--) {
      count++;
    }
    return count;
  }
}
